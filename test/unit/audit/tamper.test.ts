import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { before, describe, it } from 'node:test';
import { listSegments } from '../../../server/src/audit/files';
import type { ProblemKind } from '../../../server/src/audit/model';
import { recordHash } from '../../../server/src/audit/records';
import { verifyAudit } from '../../../server/src/audit/verify';
import { firstProblem, locate, readAll, tempDir, writeAll, writeLog, type Line } from './helpers';

/** Deterministic PRNG (mulberry32) so a failing position can be replayed. */
function rng(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const TRIALS = 25;
let base = '';
let files: string[] = [];
let lines: Line[] = [];

/** Copies the pristine log, applies `tamper` to its lines, verifies, and checks the first problem. */
async function expectDetected(
  trial: string,
  tamper: (l: Line[]) => {
    lines: Line[];
    at: { file: string; line: number };
    kind: ProblemKind;
    noFinalNewline?: boolean;
  },
): Promise<void> {
  const dir = tempDir('rg-tamper-');
  fs.cpSync(base, dir, { recursive: true });
  const t = tamper(lines.map((l) => ({ ...l })));
  writeAll(dir, t.lines, files, t.noFinalNewline);
  const result = await verifyAudit(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(result.ok, false, `${trial}: not detected`);
  const first = firstProblem(result.problems, files);
  assert.deepEqual(
    { file: first?.file, line: first?.line },
    t.at,
    `${trial}: first problem ${JSON.stringify(first)}`,
  );
  const atSpot = result.problems
    .filter((p) => p.file === t.at.file && p.line === t.at.line)
    .map((p) => p.kind);
  assert.ok(
    atSpot.includes(t.kind),
    `${trial}: expected ${t.kind} at ${t.at.file}:${t.at.line}, got ${JSON.stringify(result.problems)}`,
  );
}

const isCheckpoint = (l: Line | undefined): boolean => l?.text.includes('"type":"checkpoint"') ?? false;

describe('verifyAudit on a tampered 200-record log in 3 rotated files', () => {
  before(async () => {
    base = tempDir('rg-base-');
    await writeLog(base, 200, { checkpointEvery: 25, maxFileBytes: 56_000 });
    files = listSegments(base);
    lines = readAll(base);
  });

  it('the pristine log verifies, spans 3 files and chains across them', async () => {
    assert.equal(files.length, 3);
    const r = await verifyAudit(base);
    assert.deepEqual(r.problems, []);
    assert.equal(r.ok, true);
    assert.equal(r.records, lines.length);
    assert.ok(r.checkpoints >= 8);
    assert.equal(r.lastVerifiedCheckpoint?.treeSize, lines.length - 1);
  });

  it('an edited field (hash left as is) is "edited" at its line', async () => {
    const pick = rng(1);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`edit #${t}`, (l) => {
        let i = pick(l.length);
        while (isCheckpoint(l[i])) i = pick(l.length);
        const line = l[i] as Line;
        line.text = line.text
          .replace(/"effect":"\w+"/, '"effect":"allow"')
          .replace(/"decisionId":"/, '"decisionId":"x');
        return { lines: l, at: locate(l, i), kind: 'edited' };
      });
    }
  });

  it('an edited and rehashed record is "edited" at its line', async () => {
    const pick = rng(2);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`rehash #${t}`, (l) => {
        let i = pick(l.length - 1);
        while (isCheckpoint(l[i])) i = pick(l.length - 1);
        const line = l[i] as Line;
        const rec = JSON.parse(line.text) as { what: { text: string }; hash: string };
        rec.what.text = 'SELECT 1';
        rec.hash = recordHash(rec as never);
        line.text = JSON.stringify(rec);
        return { lines: l, at: locate(l, i), kind: 'edited' };
      });
    }
  });

  it('a deleted line is "dropped" where the gap shows', async () => {
    const pick = rng(3);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`delete #${t}`, (l) => {
        const i = pick(l.length - 1);
        const next = { ...(l[i + 1] as Line) };
        l.splice(i, 1);
        return {
          lines: l,
          at: locate(
            l,
            l.findIndex((x) => x.text === next.text),
          ),
          kind: 'dropped',
        };
      });
    }
  });

  it('a forged record claiming a seq is "inserted" at its line', async () => {
    const pick = rng(4);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`forge #${t}`, (l) => {
        const i = pick(l.length - 2) + 1;
        const genuine = JSON.parse((l[i] as Line).text) as {
          what?: { text: string };
          decisionId?: string;
          hash: string;
        };
        const forged = { ...genuine, decisionId: 'forged', hash: '' };
        forged.hash = recordHash(forged as never);
        l.splice(i, 0, { file: (l[i] as Line).file, text: JSON.stringify(forged) });
        return { lines: l, at: locate(l, i), kind: 'inserted' };
      });
    }
  });

  it('a copy of an earlier line inserted later is "inserted" at its line', async () => {
    const pick = rng(5);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`duplicate #${t}`, (l) => {
        const at = pick(l.length - 2) + 1;
        const from = pick(at);
        l.splice(at, 0, { file: (l[at] as Line).file, text: (l[from] as Line).text });
        return { lines: l, at: locate(l, at), kind: 'inserted' };
      });
    }
  });

  it('two swapped lines are "reordered" at the first of them', async () => {
    const pick = rng(6);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`swap #${t}`, (l) => {
        const i = pick(l.length - 1);
        const j = i + 1 + pick(t % 2 ? 1 : l.length - 1 - i);
        const a = (l[i] as Line).text;
        (l[i] as Line).text = (l[j] as Line).text;
        (l[j] as Line).text = a;
        return { lines: l, at: locate(l, i), kind: 'reordered' };
      });
    }
  });

  it('a last line truncated mid-way is "torn"', async () => {
    const pick = rng(7);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`truncate #${t}`, (l) => {
        const last = l[l.length - 1] as Line;
        last.text = last.text.slice(0, 1 + pick(last.text.length - 2));
        return { lines: l, at: locate(l, l.length - 1), kind: 'torn', noFinalNewline: true };
      });
    }
  });

  it('a tampered checkpoint signature is "bad-signature" at the checkpoint', async () => {
    const pick = rng(8);
    const cps = lines.map((l, i) => (isCheckpoint(l) ? i : -1)).filter((i) => i >= 0);
    for (let t = 0; t < TRIALS; t++) {
      await expectDetected(`signature #${t}`, (l) => {
        const i = cps[pick(cps.length)] ?? 0;
        const rec = JSON.parse((l[i] as Line).text) as { signature: string; hash: string };
        const sig = Buffer.from(rec.signature, 'base64');
        const at = pick(sig.length);
        sig[at] = (sig[at] ?? 0) ^ (1 << pick(8));
        rec.signature = sig.toString('base64');
        if (t % 2) rec.hash = recordHash(rec as never);
        (l[i] as Line).text = JSON.stringify(rec);
        return { lines: l, at: locate(l, i), kind: 'bad-signature' };
      });
    }
  });

  it('a checkpoint verified with another (pinned) key is "bad-signature"', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const r = await verifyAudit(base, { publicKeyPem: other });
    assert.equal(r.ok, false);
    assert.ok(r.problems.length >= 1 && r.problems.every((p) => p.kind === 'bad-signature'));
  });
});
