/**
 * Human approvals of user and workspace policy files: `trusted-policies.json` in the user's
 * config folder (outside any workspace), mapping a file's absolute path to the SHA-256 of the
 * exact content a human approved. A file whose content differs from its approval is stricter-only
 * again (see `loadPolicySet`'s `approval`). Written only by `railguard policy trust` from a TTY
 * and by the editor's modal "Railguard: Trust Workspace Policy".
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApprovalState } from '../core/policy/policy-set';
import { railguardConfigDir } from './config-dir';

/** One approval: the content hash (hex) and when it was given (ISO 8601). */
export interface PolicyApproval {
  sha256: string;
  approvedAt: string;
}

/** The file's shape: `{ version: 1, policies: { "/abs/path.yaml": PolicyApproval } }`. */
export interface TrustStore {
  version: 1;
  policies: Record<string, PolicyApproval>;
}

/** Where approvals are kept for an environment (`$XDG_CONFIG_HOME/railguard/trusted-policies.json`). */
export function trustStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(railguardConfigDir(env), 'trusted-policies.json');
}

/** Reads the store; a missing or unreadable file is an empty store (nothing approved). Never throws. */
export function readTrustStore(file: string): TrustStore {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const policies = (v as { policies?: unknown } | null)?.policies;
    const out: TrustStore = { version: 1, policies: {} };
    if (typeof policies !== 'object' || policies === null) return out;
    for (const [k, a] of Object.entries(policies as Record<string, unknown>)) {
      const sha = (a as { sha256?: unknown } | null)?.sha256;
      const at = (a as { approvedAt?: unknown } | null)?.approvedAt;
      if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha))
        out.policies[k] = { sha256: sha, approvedAt: typeof at === 'string' ? at : '' };
    }
    return out;
  } catch {
    return { version: 1, policies: {} };
  }
}

/** The approval lookup `loadPolicySet` takes, over a store read once. */
export function approvalOf(store: TrustStore): (file: string, sha256: string) => ApprovalState {
  return (file, sha) => {
    const a = store.policies[path.resolve(file)];
    if (!a) return 'unknown';
    return a.sha256 === sha ? 'approved' : 'changed';
  };
}

/** SHA-256 (hex) of a file's bytes. @throws Error when it cannot be read. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Records approval of the current content of `files` (absolute paths stored) and writes the store
 * atomically (temp file + rename, mode 0600). `shown` maps a file to the hash the human was shown:
 * a file whose content changed since (swapped while the question was open) is refused.
 * @returns the approvals written. @throws Error when a file cannot be read, changed since it was
 * shown, or the store cannot be written (nothing is written then).
 */
export function approvePolicies(
  storeFile: string,
  files: readonly string[],
  now = new Date(),
  shown: ReadonlyMap<string, string> = new Map(),
): PolicyApproval[] {
  const store = readTrustStore(storeFile);
  const written: PolicyApproval[] = [];
  for (const f of files) {
    const sha = fileSha256(f);
    const expected = shown.get(f);
    if (expected !== undefined && expected !== sha)
      throw new Error(`${f} changed while approval was asked; nothing approved`);
    const approval = { sha256: sha, approvedAt: now.toISOString() };
    store.policies[path.resolve(f)] = approval;
    written.push(approval);
  }
  fs.mkdirSync(path.dirname(storeFile), { recursive: true, mode: 0o700 });
  const tmp = `${storeFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(store, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, storeFile);
  return written;
}
