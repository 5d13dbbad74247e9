import { execFile } from 'node:child_process';

/**
 * The git identity an action's working directory commits as: `user.name` and `user.email` from
 * `git config` (repository, global and system files, includes and `includeIf` applied by git
 * itself), read with `git -C DIR config --get-regexp` — never parsed here. Used by the recorder
 * (off the answer's path) to say in the audit trail which developer an agent acted for, besides
 * the OS user.
 */
export interface GitIdentityResolver {
  /**
   * `Name <email>`, the one that is set, or undefined when git is missing, DIR is not readable or
   * no identity is configured. Cached per DIR for `ttlMs`. Never rejects.
   */
  resolve(dir: string): Promise<string | undefined>;
}

/** Options of {@link createGitIdentityResolver}. */
export interface GitIdentityOptions {
  /** How long an answer is reused for the same directory, ms (default 60 000). */
  ttlMs?: number;
  /** Most directories kept (oldest dropped first; default 256). */
  maxEntries?: number;
  /** Kill `git` after this long, ms (default 2000). */
  timeoutMs?: number;
  /** The git binary (default `git` on PATH). */
  git?: string;
  /** git's environment (default `process.env`); `GIT_TERMINAL_PROMPT=0` is always added. */
  env?: NodeJS.ProcessEnv;
}

/** Formats the output of `git config --get-regexp '^user\.(name|email)$'` (last value wins, as git). */
export function identityFromConfig(output: string): string | undefined {
  let name: string | undefined;
  let email: string | undefined;
  for (const line of output.split('\n')) {
    const sp = line.indexOf(' ');
    const key = (sp < 0 ? line : line.slice(0, sp)).toLowerCase();
    const value = sp < 0 ? '' : line.slice(sp + 1).trim();
    if (!value) continue;
    if (key === 'user.name') name = value;
    else if (key === 'user.email') email = value;
  }
  if (name && email) return `${name} <${email}>`;
  return email ?? name;
}

/** A {@link GitIdentityResolver} running the real `git`. */
export function createGitIdentityResolver(options: GitIdentityOptions = {}): GitIdentityResolver {
  const ttl = options.ttlMs ?? 60_000;
  const max = options.maxEntries ?? 256;
  const cache = new Map<string, { at: number; value: Promise<string | undefined> }>();
  const run = (dir: string): Promise<string | undefined> =>
    new Promise((resolve) => {
      execFile(
        options.git ?? 'git',
        ['-C', dir, 'config', '--get-regexp', '^user\\.(name|email)$'],
        {
          timeout: options.timeoutMs ?? 2000,
          encoding: 'utf8',
          env: { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: '0' },
        },
        // Exit 1 = no such keys; any error (no git, no dir) ⇒ unknown.
        (err, stdout) => resolve(err ? undefined : identityFromConfig(stdout)),
      );
    });
  return {
    resolve(dir) {
      const now = Date.now();
      const hit = cache.get(dir);
      if (hit && now - hit.at < ttl) return hit.value;
      const value = run(dir);
      cache.delete(dir);
      cache.set(dir, { at: now, value });
      for (const key of cache.keys()) {
        if (cache.size <= max) break;
        cache.delete(key);
      }
      return value;
    },
  };
}
