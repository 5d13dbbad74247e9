import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The user's Railguard configuration folder: `$XDG_CONFIG_HOME/railguard`, else
 * `~/.config/railguard` (XDG Base Directory spec). It holds the user-tier policies
 * (`policies/*.yaml`), the human approvals of policy files (`trusted-policies.json`) and the
 * organization tier's settings (`organization.json`); all part of Railguard's control surface.
 * No I/O.
 */
export function railguardConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME ?? os.homedir(), '.config');
  return path.join(base, 'railguard');
}
