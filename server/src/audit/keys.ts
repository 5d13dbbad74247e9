import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256Hex } from './jcs';

/**
 * The log's Ed25519 (RFC 8032) checkpoint key. Created on first use: `audit-key.pem` (PKCS#8,
 * file mode 0600) in the key folder (the daemon's is outside the audit folder, see
 * `AuditLogOptions.keyDir`) and `audit-key.pub.pem` (SPKI) in the audit directory for verifiers. A verifier should pin the public key (`verifyAudit(dir, { publicKey })`): anyone who
 * can rewrite the directory can also replace the key files there.
 */

export const PRIVATE_KEY_FILE = 'audit-key.pem';
export const PUBLIC_KEY_FILE = 'audit-key.pub.pem';

/** Key id: first 16 hex characters of SHA-256 over the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/**
 * Loads the key pair of the log in `dir`, creating it when absent: the private key in `keyDir`
 * (default `dir`; written with 0600; one found in `dir` is moved to `keyDir`), the public key
 * exported to `dir`.
 * @throws Error when an existing key file is unreadable or not an Ed25519 key.
 */
export function loadOrCreateKey(dir: string, keyDir: string = dir): SigningKey {
  const privPath = path.join(keyDir, PRIVATE_KEY_FILE);
  const pubPath = path.join(dir, PUBLIC_KEY_FILE);
  fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  if (keyDir !== dir) {
    const old = path.join(dir, PRIVATE_KEY_FILE);
    // The historical layout kept the key beside the log: moved out (same key, chain continues).
    if (!fs.existsSync(privPath) && fs.existsSync(old)) {
      try {
        fs.renameSync(old, privPath);
      } catch {
        fs.writeFileSync(privPath, fs.readFileSync(old), { mode: 0o600, flag: 'wx' });
        fs.rmSync(old, { force: true });
      }
    }
  }
  let privateKey: KeyObject;
  if (fs.existsSync(privPath)) {
    privateKey = createPrivateKey(fs.readFileSync(privPath));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privPath}: not an Ed25519 key`);
  } else {
    const pair = generateKeyPairSync('ed25519');
    privateKey = pair.privateKey;
    fs.writeFileSync(privPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const publicKey = createPublicKey(privateKey);
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  if (!fs.existsSync(pubPath) || fs.readFileSync(pubPath, 'utf8') !== pem) fs.writeFileSync(pubPath, pem);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Reads the exported public key of `dir` (or the PEM text given).
 * @returns undefined when there is no key file.
 * @throws Error when the PEM is not a public key.
 */
export function loadPublicKey(dir: string, pem?: string): KeyObject | undefined {
  if (pem !== undefined) return createPublicKey(pem);
  const pubPath = path.join(dir, PUBLIC_KEY_FILE);
  return fs.existsSync(pubPath) ? createPublicKey(fs.readFileSync(pubPath)) : undefined;
}

/** Ed25519 signature of `data` (UTF-8), base64. */
export function signText(privateKey: KeyObject, data: string): string {
  return sign(null, Buffer.from(data, 'utf8'), privateKey).toString('base64');
}

/** Verifies a base64 Ed25519 signature; false (never throws) on malformed input. */
export function verifyText(publicKey: KeyObject, data: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(data, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
