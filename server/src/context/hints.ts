import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * What the machine says about where a command would run: the raw material of environment
 * detection (policy `environments[].match`). Gathered by I/O adapters (CLI, hooks, daemon); the
 * core only matches it.
 */
export interface EnvironmentHints {
  /** Connection-related environment variables (values are matched, never logged unmasked). */
  env: Record<string, string>;
  gitBranch?: string;
  kubeContext?: string;
  awsProfile?: string;
}

/** Environment variables that name where commands go. */
export const HINT_VARIABLES = [
  'RAILGUARD_ENV',
  'DATABASE_URL',
  'PGHOST',
  'PGDATABASE',
  'PGSERVICE',
  'MYSQL_HOST',
  'MYSQL_DATABASE',
  'REDIS_URL',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'KUBECONFIG',
  'RAILS_ENV',
  'NODE_ENV',
  'APP_ENV',
  'ENVIRONMENT',
  'DJANGO_SETTINGS_MODULE',
] as const;

/** The git branch checked out at `cwd` (walks up to `.git`; reads `HEAD`), or undefined. */
export function gitBranch(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const git = path.join(dir, '.git');
    try {
      let gitDir = git;
      if (fs.statSync(git).isFile()) {
        const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(git, 'utf8'));
        if (!m?.[1]) return undefined;
        gitDir = path.resolve(dir, m[1].trim());
      }
      const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
      const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
      return ref?.[1];
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/** `current-context` of the first kubeconfig file (`$KUBECONFIG` or `~/.kube/config`), or undefined. */
export function kubeContext(env: NodeJS.ProcessEnv): string | undefined {
  const file = (env.KUBECONFIG ?? path.join(os.homedir(), '.kube', 'config')).split(path.delimiter)[0];
  if (!file) return undefined;
  try {
    const doc: unknown = parseYaml(fs.readFileSync(file, 'utf8'));
    const ctx =
      typeof doc === 'object' && doc !== null
        ? (doc as Record<string, unknown>)['current-context']
        : undefined;
    return typeof ctx === 'string' ? ctx : undefined;
  } catch {
    return undefined;
  }
}

/** Gathers {@link EnvironmentHints} for a command about to run in `cwd` with `env`. */
export function gatherHints(cwd: string, env: NodeJS.ProcessEnv = process.env): EnvironmentHints {
  const picked: Record<string, string> = {};
  for (const k of HINT_VARIABLES) {
    const v = env[k];
    if (v) picked[k] = v;
  }
  const branch = gitBranch(cwd);
  const kube = kubeContext(env);
  const aws = env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  return {
    env: picked,
    ...(branch ? { gitBranch: branch } : {}),
    ...(kube ? { kubeContext: kube } : {}),
    ...(aws ? { awsProfile: aws } : {}),
  };
}
