/**
 * The organization tier: policy files in a folder the user configures, each signed by the
 * organization with Ed25519 (RFC 8032) and verified against a public key pinned in the user's
 * config (`organization.json`: `{ "policyDir": "/abs/folder", "publicKey": "<SPKI PEM, or base64
 * of the raw 32-byte key>" }`). `X.yaml` is signed by `X.yaml.sig` (base64 of the 64-byte
 * signature over the file's exact bytes). A missing or bad signature refuses the file (and the
 * set fails closed or keeps its last good version). Syncing the folder from the team store is a
 * follow-up; any transport works because the signature, not the channel, is trusted.
 * `organization.json` itself (which key is pinned) must be approved by a human like a policy file
 * (`railguard policy trust ~/.config/railguard/organization.json`); until then the organization's
 * files are stricter-only and reported.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { policyFilesIn } from '../core/policy/policy-set';
import { railguardConfigDir } from './config-dir';

/** The organization tier as configured: its files and the verifier `loadPolicySet` takes. */
export interface OrganizationTier {
  files: string[];
  verify: (file: string, text: string) => string | undefined;
  /** `organization.json`, whose content a human approves like a policy file (`policy trust`). */
  configFile: string;
  /** SHA-256 (hex) of `organization.json` as read. */
  configSha256: string;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 raw key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Parses a pinned key: SPKI PEM or base64 of the raw 32 bytes. @throws Error when neither. */
export function parseOrganizationKey(text: string): KeyObject {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) return createPublicKey(t);
  const raw = Buffer.from(t, 'base64');
  if (raw.length !== 32) throw new Error('publicKey must be an SPKI PEM or base64 of 32 raw Ed25519 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * Reads `organization.json` from the config folder; undefined when there is none. A config that
 * exists but cannot be used (bad JSON, bad key, unreadable folder) yields a tier whose verifier
 * refuses everything and one pseudo-file naming the config, so the problem is reported, never
 * silently ignored. Never throws.
 */
export function organizationTier(env: NodeJS.ProcessEnv = process.env): OrganizationTier | undefined {
  const configFile = path.join(railguardConfigDir(env), 'organization.json');
  let text: string;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    return undefined;
  }
  const sha = createHash('sha256').update(text, 'utf8').digest('hex');
  try {
    const v = JSON.parse(text) as { policyDir?: unknown; publicKey?: unknown };
    if (typeof v.policyDir !== 'string' || typeof v.publicKey !== 'string')
      throw new Error('needs "policyDir" and "publicKey" strings');
    const key = parseOrganizationKey(v.publicKey);
    const dir = path.resolve(path.dirname(configFile), v.policyDir);
    return {
      files: policyFilesIn(dir),
      verify: (file, body) => verifySignature(key, file, body),
      configFile,
      configSha256: sha,
    };
  } catch (err) {
    const why = `organization.json: ${err instanceof Error ? err.message : String(err)}`;
    return { files: [configFile], verify: () => why, configFile, configSha256: sha };
  }
}

/** Undefined when `FILE.sig` holds a valid Ed25519 signature of `text` by `key`; else why not. */
export function verifySignature(key: KeyObject, file: string, text: string): string | undefined {
  let sig: Buffer;
  try {
    sig = Buffer.from(fs.readFileSync(`${file}.sig`, 'utf8').trim(), 'base64');
  } catch {
    return `organization policy has no signature (${path.basename(file)}.sig)`;
  }
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, sig)
      ? undefined
      : 'organization policy signature does not verify against the pinned key';
  } catch (err) {
    return `organization policy signature unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
}
