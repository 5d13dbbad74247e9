import { hash } from 'node:crypto';

/**
 * JSON Canonicalization Scheme, RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785):
 * no whitespace; object members sorted by their names' UTF-16 code units (§3.2.3); strings
 * escaped as ECMAScript `JSON.stringify` does (§3.2.2.2); numbers in ECMAScript
 * `Number.prototype.toString` form (§3.2.2.3, e.g. `1e+21`, `1e-7`, `-0` → `0`).
 *
 * Properties whose value is `undefined` are omitted (as `JSON.stringify` does).
 * @throws TypeError for values I-JSON (RFC 7493) forbids: non-finite numbers, lone surrogates,
 *   bigint, functions, symbols, and `undefined` inside arrays.
 */
export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`JCS: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
      if (/\p{Surrogate}/u.test(value)) throw new TypeError('JCS: string with a lone surrogate');
      return JSON.stringify(value);
    case 'object': {
      // Loops and string concatenation rather than entries/map/join: the audit writer
      // canonicalizes every record, and this is most of its CPU time.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (v === undefined) throw new TypeError('JCS: undefined in array');
          out += i === 0 ? canonicalize(v) : `,${canonicalize(v)}`;
        }
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, as §3.2.3 requires.
      const keys = Object.keys(obj).sort();
      let out = '{';
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${out.length === 1 ? '' : ','}${canonicalKey(k)}:${canonicalize(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`JCS: cannot serialize a ${typeof value}`);
  }
}

/** Canonical forms of member names seen so far (records reuse a few dozen names). */
const KEYS = new Map<string, string>();
const KEYS_MAX = 1024;

/**
 * {@link canonicalize} of a member name, remembered for the names records keep reusing.
 * @throws TypeError for a name with a lone surrogate (never remembered).
 */
export function canonicalKey(k: string): string {
  const hit = KEYS.get(k);
  if (hit !== undefined) return hit;
  const c = canonicalize(k);
  if (KEYS.size < KEYS_MAX && k.length <= 64) KEYS.set(k, c);
  return c;
}

/** SHA-256 of a string's UTF-8 bytes, lowercase hex (64 characters). */
export function sha256Hex(text: string | Buffer): string {
  // One-shot `crypto.hash` (Node ≥ 20.12): a third faster than createHash for a record's size.
  return hash('sha256', text, 'hex');
}
