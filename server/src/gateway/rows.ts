/**
 * Masked results for agent sessions: a RowDescription ('T') says which column is which (name,
 * table OID, type OID, format), and each DataRow ('D') that follows is rewritten so that values of
 * columns in a data class of the policy, and values the masking recognizers flag (emails, card
 * numbers, SSNs, secrets; `core/mask`), never reach the client.
 *
 * Validity is kept: a classified column of a text type in text format becomes `***`; of any other
 * type or in binary format it becomes NULL (length -1), which every type accepts, rather than bytes
 * the client could not decode. A flagged span inside a text value becomes `[PII:kind]` or
 * `[REDACTED:kind]`. Other columns pass unchanged, byte for byte.
 *
 * Sources: PostgreSQL docs "Message Formats" (RowDescription, DataRow), "pg_type" (OIDs of the
 * built-in text types).
 */
import { columnMatches } from '../core/policy/match';

/** One field of a RowDescription. */
export interface RowField {
  name: string;
  /** The table the column comes from (0 for a computed value). */
  tableOid: number;
  typeOid: number;
  /** 0 text, 1 binary. */
  format: number;
}

/** Parses a RowDescription body. @throws RangeError on a truncated body. */
export function rowDescription(body: Buffer): RowField[] {
  const n = body.readInt16BE(0);
  const fields: RowField[] = [];
  let at = 2;
  for (let i = 0; i < n; i++) {
    const nul = body.indexOf(0, at);
    if (nul < 0) throw new RangeError('truncated RowDescription');
    const name = body.toString('utf8', at, nul);
    at = nul + 1;
    fields.push({
      name,
      tableOid: body.readUInt32BE(at),
      typeOid: body.readUInt32BE(at + 6),
      format: body.readInt16BE(at + 16),
    });
    at += 18;
  }
  return fields;
}

/** Type OIDs whose text form any string is valid for: text, varchar, bpchar, name, unknown. */
const TEXT_TYPES = new Set([25, 1043, 1042, 19, 705]);

/** What to do with one column: pass, replace with a placeholder / NULL, or scan its text. */
export type ColumnMask = 'pass' | 'placeholder' | 'null' | 'scan';

/**
 * The mask of each column: `classified` columns (a data-class column pattern matches the column
 * with its table) are replaced; other text-typed text-format columns are scanned by the recognizers.
 */
export function columnMasks(
  fields: readonly RowField[],
  tables: ReadonlyMap<number, string>,
  patterns: readonly string[],
): ColumnMask[] {
  return fields.map((f) => {
    const table = tables.get(f.tableOid);
    const column = table !== undefined ? { name: f.name, table } : { name: f.name };
    const text = f.format === 0 && TEXT_TYPES.has(f.typeOid);
    if (patterns.some((p) => columnMatches(p, column))) return text ? 'placeholder' : 'null';
    return text ? 'scan' : 'pass';
  });
}

/** Most bytes of text values scanned per row; later text values of the row are replaced, unscanned. */
export const SCAN_BYTES_PER_ROW = 64 * 1024;

const PLACEHOLDER = Buffer.from('***', 'utf8');
const UNSCANNED = Buffer.from('[REDACTED:unscanned]', 'utf8');

/**
 * Rewrites a DataRow frame (whole message, type byte included) by `masks`. `scan` returns the
 * masked text of a value or `undefined` when nothing was found. Returns the frame itself when no
 * value changed. Malformed rows (count or lengths not matching) are returned with every value NULL.
 */
export function maskDataRow(
  raw: Buffer,
  masks: readonly ColumnMask[],
  scan: (text: string) => string | undefined,
): Buffer {
  const n = raw.length >= 7 ? raw.readInt16BE(5) : -1;
  if (n !== masks.length) return nullRow(masks.length);
  const parts: Buffer[] = [];
  let at = 7;
  let changed = false;
  let scanned = 0;
  for (let i = 0; i < n; i++) {
    if (at + 4 > raw.length) return nullRow(n);
    const len = raw.readInt32BE(at);
    const end = at + 4 + Math.max(0, len);
    if (end > raw.length) return nullRow(n);
    const m = masks[i];
    let value: Buffer | null | undefined; // undefined: unchanged
    if (len >= 0 && m === 'placeholder') value = PLACEHOLDER;
    else if (len >= 0 && m === 'null') value = null;
    else if (len > 0 && m === 'scan') {
      scanned += len;
      if (scanned > SCAN_BYTES_PER_ROW) value = UNSCANNED;
      else {
        const masked = scan(raw.toString('utf8', at + 4, end));
        if (masked !== undefined) value = Buffer.from(masked, 'utf8');
      }
    }
    if (value === undefined) parts.push(raw.subarray(at, end));
    else {
      changed = true;
      const head = Buffer.alloc(4);
      head.writeInt32BE(value === null ? -1 : value.length);
      parts.push(value === null ? head : Buffer.concat([head, value]));
    }
    at = end;
  }
  if (!changed) return raw;
  return frame(parts, n);
}

/** A DataRow of `n` NULLs. */
function nullRow(n: number): Buffer {
  const minus1 = Buffer.alloc(4);
  minus1.writeInt32BE(-1);
  return frame(
    Array.from({ length: Math.max(0, n) }, () => minus1),
    Math.max(0, n),
  );
}

/** `D`, length, column count, then the column parts. */
function frame(parts: Buffer[], n: number): Buffer {
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(7 + body.length);
  out.write('D', 0, 'latin1');
  out.writeInt32BE(6 + body.length, 1);
  out.writeInt16BE(n, 5);
  body.copy(out, 7);
  return out;
}
