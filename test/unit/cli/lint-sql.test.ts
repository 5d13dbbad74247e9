import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runLint } from '../../../server/src/cli/lint';
import type { CliIo } from '../../../server/src/cli/io';

async function lint(args: string[]): Promise<{ code: number; out: unknown }> {
  let out = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: () => {}, readStdin: async () => '', isTTY: false };
  const code = await runLint(['--format', 'json', ...args], io);
  return { code, out: JSON.parse(out) as unknown };
}

type FileResult = { file: string; findings: { ruleId: string; message: string; line: number }[] };

describe('railguard lint: migration folders (issue 11 §3, issue 9 §6)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-lint-'));
  const mig = path.join(dir, 'prisma', 'migrations');
  fs.mkdirSync(path.join(mig, '20240101_a'), { recursive: true });
  fs.writeFileSync(path.join(mig, 'migration_lock.toml'), 'provider = "postgresql"\n');
  // Backticks in a comment, and a MySQL-looking ENGINE word in a string: PostgreSQL all the same.
  fs.writeFileSync(
    path.join(mig, '20240101_a', 'migration.sql'),
    '-- Added the required column `expiry` without a default value.\nALTER TABLE "Session" ADD COLUMN "expiry" TIMESTAMP(3) NOT NULL;\n',
  );
  const deep = `SELECT * FROM ${'(SELECT * FROM '.repeat(950)}t${') x'.repeat(950)};\n`;
  fs.writeFileSync(path.join(mig, '20240101_a', 'deep.sql'), deep);
  fs.writeFileSync(path.join(dir, 'z.sql'), 'CREATE TABLE t (id integer);\n');

  it('reads the provider from migration_lock.toml, reports a too-deep file and goes on', async () => {
    const { out } = await lint([dir]);
    const byName = new Map((out as FileResult[]).map((r) => [path.basename(r.file), r.findings]));
    assert.deepEqual(
      byName
        .get('migration.sql')
        ?.map((f) => f.ruleId)
        .sort(),
      ['add-required-column', 'require-lock-timeout'],
    );
    assert.ok(!byName.get('migration.sql')?.some((f) => f.ruleId === 'unparsed'));
    assert.deepEqual(
      byName.get('deep.sql')?.map((f) => `${f.ruleId}@${f.line} ${/deeper than 200/.test(f.message)}`),
      ['unparsed@1 true'],
    );
    assert.deepEqual(byName.get('z.sql'), []);
  });
  it('--style adds the opt-in style rules', async () => {
    const { out } = await lint(['--style', path.join(dir, 'z.sql')]);
    assert.deepEqual((out as FileResult[])[0]?.findings.map((f) => f.ruleId).sort(), [
      'prefer-bigint-over-int',
      'prefer-robust-stmts',
    ]);
  });
});
