import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { csvField, queryAudit } from '../../../server/src/audit/query';
import { AuditLog } from '../../../server/src/audit/writer';
import { runAuditCommand } from '../../../server/src/cli/audit';
import { createMasker } from '../../../server/src/core/mask';
import { secretFixtures } from '../mask/fixtures';
import { input, tempDir, writeLog } from './helpers';

/** Runs the CLI module and captures its output. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runAuditCommand(args, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF rows) for checking the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

let dir = '';
before(async () => {
  dir = tempDir();
  await writeLog(dir, 60, { checkpointEvery: 10 });
});

describe('queryAudit', () => {
  it('filters by actor, environment, effect, table and time', async () => {
    const all = [];
    for await (const r of queryAudit(dir)) all.push(r);
    assert.equal(all.length, 60);
    const count = async (f: Parameters<typeof queryAudit>[1]) => {
      let n = 0;
      for await (const _ of queryAudit(dir, f)) n++;
      return n;
    };
    assert.equal(await count({ actor: 'BOB' }), 12);
    assert.equal(await count({ actor: 'claude-code' }), 60);
    assert.equal(await count({ environment: 'production' }), 20);
    assert.equal(await count({ effect: 'deny' }), 15);
    assert.equal(await count({ table: 'orders' }), 60);
    assert.equal(await count({ table: 'users' }), 0);
    assert.equal(await count({ since: '2025-01-01T00:00:10Z', until: '2025-01-01T00:00:20Z' }), 10);
    assert.equal(await count({ environment: 'production', effect: 'deny' }), 5);
  });
});

describe('railguard audit CLI', () => {
  it('verify: exit 0 and a summary; exit 1 with the location after tampering', async () => {
    const ok = await cli(['verify', '--dir', dir]);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /^OK: 66 records in 1 files, 6 checkpoints, 0 problems/m);
    const bad = tempDir();
    fs.cpSync(dir, bad, { recursive: true });
    const seg = path.join(bad, 'audit-000001.jsonl');
    const lines = fs.readFileSync(seg, 'utf8').split('\n');
    lines.splice(4, 1);
    fs.writeFileSync(seg, lines.join('\n'));
    const res = await cli(['verify', '--dir', bad]);
    assert.equal(res.code, 1);
    assert.match(res.out, /audit-000001\.jsonl:5: dropped seq 4/);
  });

  it('tail -n, query filters, export json and csv', async () => {
    const tail = await cli(['tail', '--dir', dir, '-n', '3']);
    assert.deepEqual(
      tail.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { decisionId: string }).decisionId),
      ['dec-57', 'dec-58', 'dec-59'],
    );
    const q = await cli(['query', '--dir', dir, '--effect', 'deny', '--environment', 'production']);
    assert.equal(q.out.trim().split('\n').length, 5);
    const json = await cli(['export', '--dir', dir, '--format', 'json', '--actor', 'bob']);
    assert.equal((JSON.parse(json.out) as unknown[]).length, 12);
    const csv = await cli(['export', '--dir', dir, '--format', 'csv']);
    const rows = parseCsv(csv.out);
    assert.equal(rows.length, 61);
    assert.equal(rows[1]?.[rows[0]?.indexOf('text') ?? -1], 'DELETE FROM public.orders WHERE id = 0');
  });

  it('usage errors exit 2; --help exits 0', async () => {
    assert.equal((await cli(['--help'])).code, 0);
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli(['frobnicate', '--dir', dir])).code, 2);
    assert.equal((await cli(['export', '--dir', dir, '--format', 'xml'])).code, 2);
    assert.equal((await cli(['query', '--dir', dir, '--since', 'yesterday-ish'])).code, 2);
  });

  it('csvField quotes commas, quotes and newlines (RFC 4180)', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('l1\nl2'), '"l1\nl2"');
    assert.equal(csvField('plain'), 'plain');
  });
});

describe('no generated secret reaches any audit output', () => {
  it('log files, query, tail and both exports hold no secret value', async () => {
    const d = tempDir();
    const log = await AuditLog.open(d, { masker: await createMasker(), fsync: 'batch' });
    const fixtures = secretFixtures();
    for (const [i, f] of fixtures.entries()) {
      const base = input(i);
      await log.append({
        ...base,
        what: { ...base.what, kind: i % 2 ? 'shell' : 'sql', text: f.text },
        where: { ...base.where, target: f.text },
      });
    }
    await log.close();
    const outputs = [
      ...fs
        .readdirSync(d)
        .filter((n) => n.endsWith('.jsonl'))
        .map((n) => fs.readFileSync(path.join(d, n), 'utf8')),
      (await cli(['query', '--dir', d])).out,
      (await cli(['tail', '--dir', d])).out,
      (await cli(['export', '--dir', d, '--format', 'json'])).out,
      (await cli(['export', '--dir', d, '--format', 'csv'])).out,
    ];
    for (const f of fixtures) {
      for (const o of outputs) {
        assert.ok(!o.includes(f.secret), `${f.name} leaked`);
        assert.ok(!o.includes(JSON.stringify(f.secret).slice(1, -1)), `${f.name} leaked (escaped)`);
      }
    }
    assert.equal((await cli(['verify', '--dir', d])).code, 0);
  });
});
