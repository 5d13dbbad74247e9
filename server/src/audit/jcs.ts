import { createHash } from 'node:crypto';

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
      if (Array.isArray(value)) {
        return `[${value
          .map((v: unknown) => {
            if (v === undefined) throw new TypeError('JCS: undefined in array');
            return canonicalize(v);
          })
          .join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${canonicalize(k)}:${canonicalize(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`JCS: cannot serialize a ${typeof value}`);
  }
}

/** SHA-256 of a string's UTF-8 bytes, lowercase hex (64 characters). */
export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
