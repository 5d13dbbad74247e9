/**
 * Masking of DataRow messages (`server/src/gateway/rows.ts`): byte-level rewriting that keeps
 * every row decodable, with malformed rows failing closed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  columnMasks,
  maskDataRow,
  rowDescription,
  SCAN_BYTES_PER_ROW,
} from '../../../server/src/gateway/rows';

/** A DataRow frame of `values` (null ⇒ SQL NULL). */
function dataRow(values: (string | null)[]): Buffer {
  const parts = values.map((v) => {
    const head = Buffer.alloc(4);
    if (v === null) {
      head.writeInt32BE(-1);
      return head;
    }
    const b = Buffer.from(v, 'utf8');
    head.writeInt32BE(b.length);
    return Buffer.concat([head, b]);
  });
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(7 + body.length);
  out.write('D', 0, 'latin1');
  out.writeInt32BE(6 + body.length, 1);
  out.writeInt16BE(values.length, 5);
  body.copy(out, 7);
  return out;
}

/** The values of a DataRow frame. */
function values(raw: Buffer): (string | null)[] {
  const n = raw.readInt16BE(5);
  const out: (string | null)[] = [];
  let at = 7;
  for (let i = 0; i < n; i++) {
    const len = raw.readInt32BE(at);
    out.push(len < 0 ? null : raw.toString('utf8', at + 4, at + 4 + len));
    at += 4 + Math.max(0, len);
  }
  assert.equal(at, raw.length, 'the frame length matches its content');
  assert.equal(raw.readInt32BE(1), raw.length - 1);
  return out;
}

/** A RowDescription body with text-format columns `[name, tableOid, typeOid]`. */
function description(cols: [string, number, number][]): Buffer {
  const parts = cols.map(([name, table, type]) => {
    const b = Buffer.alloc(18);
    b.writeUInt32BE(table, 0);
    b.writeUInt32BE(type, 6);
    return Buffer.concat([Buffer.from(`${name}\0`), b]);
  });
  const n = Buffer.alloc(2);
  n.writeInt16BE(cols.length);
  return Buffer.concat([n, ...parts]);
}

const scan = (t: string): string | undefined =>
  t.includes('@') ? t.replace(/\S+@\S+/g, '[PII:email]') : undefined;

describe('gateway result masking', () => {
  const fields = rowDescription(
    description([
      ['id', 100, 23],
      ['email', 100, 25],
      ['ssn', 100, 17],
      ['note', 100, 1043],
    ]),
  );
  const masks = columnMasks(fields, new Map([[100, 'public.users']]), ['email', 'users.ssn']);

  it('reads a RowDescription and decides per column', () => {
    assert.deepEqual(
      fields.map((f) => [f.name, f.tableOid, f.typeOid, f.format]),
      [
        ['id', 100, 23, 0],
        ['email', 100, 25, 0],
        ['ssn', 100, 17, 0],
        ['note', 100, 1043, 0],
      ],
    );
    assert.deepEqual(masks, ['pass', 'placeholder', 'null', 'scan']);
    // users.ssn names a table: another table's ssn column is not classified.
    assert.deepEqual(columnMasks(fields, new Map([[100, 'public.orders']]), ['users.ssn']), [
      'pass',
      'scan',
      'pass',
      'scan',
    ]);
  });

  it('replaces classified values, scans text, keeps NULLs and unchanged rows byte for byte', () => {
    const row = dataRow(['7', 'a@b.example', '\\x0102', 'call bob@corp.example']);
    assert.deepEqual(values(maskDataRow(row, masks, scan)), ['7', '***', null, 'call [PII:email]']);
    assert.deepEqual(values(maskDataRow(dataRow(['7', null, null, null]), masks, scan)), [
      '7',
      null,
      null,
      null,
    ]);
    const clean = dataRow(['7', '', null, 'nothing here']);
    const masked = maskDataRow(clean, masks, scan);
    assert.deepEqual(values(masked), ['7', '***', null, 'nothing here']);
    const plain = dataRow(['1', null, null, 'x']);
    assert.equal(maskDataRow(plain, masks, scan), plain);
  });

  it('fails closed: malformed rows become all NULL, text beyond the per-row budget is not passed unscanned', () => {
    const row = dataRow(['7', 'a', 'b', 'c']);
    assert.deepEqual(values(maskDataRow(row.subarray(0, row.length - 2), masks, scan)), [
      null,
      null,
      null,
      null,
    ]);
    assert.deepEqual(values(maskDataRow(dataRow(['1', 'x']), masks, scan)), [null, null, null, null]);
    const big = 'y'.repeat(SCAN_BYTES_PER_ROW + 1);
    assert.deepEqual(values(maskDataRow(dataRow(['1', null, null, big]), masks, () => undefined)), [
      '1',
      null,
      null,
      '[REDACTED:unscanned]',
    ]);
  });
});
