/**
 * Parity with squawk (squawk-cli 2.66, the PostgreSQL migration linter) on real migrations: every
 * squawk violation of a rule one of ours names in `meta.sources` must be matched by our finding on
 * the same statement (require-lock-timeout: in the same file), except documented squawk false
 * positives, each checked by its own predicate below.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { runSqlRules } from '../../../../server/src/core/rules/run';
import { LOCK_RULES } from '../../../../server/src/core/rules/sql/lock-rules';
import { analyzeSql } from '../../../../server/src/core/sql/analyze';
import type { SqlAnalysis, SqlStatement } from '../../../../server/src/core/sql/model';
import { CORPUS, NEEDS_CORPUS, parsers } from '../../../helpers/parsers';

const MIGRATIONS = path.join(CORPUS, 'migrations');
/** squawk, installed outside package.json by test/setup/squawk.sh (see there why). */
const SQUAWK = spawnSync('bash', [path.resolve(__dirname, '../../../setup/squawk.sh')], {
  encoding: 'utf8',
}).stdout.trim();

/** Sample: every 4th lemmy `up.sql` and every 4th kratos `*.postgres.up.sql` (sorted, deterministic). */
function sampleFiles(): string[] {
  const lemmy = readdirSync(path.join(MIGRATIONS, 'LemmyNet__lemmy/migrations'))
    .sort()
    .map((d) => `LemmyNet__lemmy/migrations/${d}/up.sql`);
  const kratosDir = 'ory__kratos/persistence/sql/migrations/sql';
  const kratos = readdirSync(path.join(MIGRATIONS, kratosDir))
    .filter((f) => f.endsWith('.postgres.up.sql'))
    .sort()
    .map((f) => `${kratosDir}/${f}`);
  return [...lemmy, ...kratos].filter((_, i) => i % 4 === 0);
}

/** squawk rule name ⇒ our rule id, from our rules' `sources`. */
const OURS_BY_SQUAWK = new Map(
  LOCK_RULES.flatMap((r) =>
    (r.meta.sources ?? []).map((s) => [s.replace(/^squawk:/, ''), r.meta.id] as const),
  ),
);

interface SquawkViolation {
  file: string;
  /** 0-based. */
  line: number;
  /** 0-based. */
  column: number;
  rule_name: string;
}

/** Statement kinds that take no lock blocking reads or writes of an existing table. */
const NO_TABLE_LOCK_KINDS = new Set([
  'CREATE FUNCTION',
  'CREATE PROCEDURE',
  'CREATE VIEW',
  'CREATE TABLE',
  'CREATE TABLE AS',
  'CREATE SCHEMA',
  'CREATE EXTENSION',
  'CREATE SEQUENCE',
  'CREATE TYPE',
  'ALTER TYPE',
  'ALTER SEQUENCE',
  'DROP FUNCTION',
  'DROP TYPE',
  'DROP SCHEMA',
  'COMMENT',
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'SET',
  'BEGIN',
  'COMMIT',
]);

interface FileResult {
  /** `ruleId@statementIndex` (or `@file`) keys of our findings. */
  ours: Set<string>;
  analysis: SqlAnalysis;
  top: SqlStatement[];
}

function touchesOnlyCreated(a: SqlAnalysis, s: SqlStatement): boolean {
  const ctx = a.contexts[a.statements.indexOf(s)];
  const names = [...s.facts.tablesWritten, ...s.facts.tablesRead].map((t) => t.toLowerCase());
  return (
    !!ctx &&
    names.length > 0 &&
    names.every((n) => ctx.createdEarlier.has(n) || ctx.createdEarlier.has(n.split('.').pop() ?? n))
  );
}

/** Documented squawk false positives: the reason, or `undefined` when squawk is right. */
function squawkFalsePositive(
  r: FileResult,
  v: SquawkViolation,
  stmt: SqlStatement | undefined,
): string | undefined {
  const { analysis: a } = r;
  if (v.rule_name === 'require-lock-timeout') {
    // squawk asks for lock_timeout before any DDL; only locks on existing tables can queue traffic.
    const ok = r.top.every((s) => {
      if (touchesOnlyCreated(a, s)) return true;
      if (!NO_TABLE_LOCK_KINDS.has(s.facts.statementKind)) return false;
      if (s.facts.statementKind === 'DROP SCHEMA') return !/\bCASCADE\b/i.test(s.text);
      if (s.facts.statementKind === 'CREATE VIEW') return !/\bOR\s+REPLACE\b/i.test(s.text);
      if (s.facts.statementKind !== 'CREATE TABLE') return true;
      // A foreign key locks the referenced table unless it was created in this file (or is itself).
      const ctx = a.contexts[a.statements.indexOf(s)];
      const self = (s.facts.tablesWritten[0] ?? '').toLowerCase();
      return [...s.text.matchAll(/\bREFERENCES\s+"?([\w.]+)"?/gi)].every((m) => {
        const t = (m[1] ?? '').toLowerCase();
        return t === self || ctx?.createdEarlier.has(t) || ctx?.createdEarlier.has(t.split('.').pop() ?? t);
      });
    });
    return ok ? 'no lock on a pre-existing table' : undefined;
  }
  if (!stmt) return undefined;
  if (touchesOnlyCreated(a, stmt)) return 'table created earlier in the same file';
  if (
    v.rule_name === 'constraint-missing-not-valid' &&
    /\b(UNIQUE|PRIMARY\s+KEY|EXCLUDE|NOT\s+NULL)\b/i.test(stmt.text)
  ) {
    // PostgreSQL accepts NOT VALID only for FOREIGN KEY / CHECK (and NOT NULL since 18): UNIQUE and
    // PRIMARY KEY are reported by unique-constraint-on-existing-table / add-primary-key, a named
    // NOT NULL constraint by set-not-null.
    const covered = ['unique-constraint-on-existing-table', 'add-primary-key', 'set-not-null'].some((id) =>
      r.ours.has(`${id}@${r.top.indexOf(stmt)}`),
    );
    return covered ? 'UNIQUE / PRIMARY KEY / NOT NULL: reported by the dedicated rule' : undefined;
  }
  if (v.rule_name === 'adding-required-field' && /\bserial\b/i.test(stmt.text)) {
    return 'a serial column has a default';
  }
  return undefined;
}

describe('squawk parity on real PostgreSQL migrations', { skip: NEEDS_CORPUS }, () => {
  const files = sampleFiles();
  let violations = new Map<string, SquawkViolation[]>();
  before(() => {
    const out = spawnSync(SQUAWK, ['--reporter', 'json', ...files], { cwd: MIGRATIONS, maxBuffer: 1 << 27 });
    // squawk exits 1 when it finds violations; anything else (or no JSON) is a broken install.
    assert.ok(out.status === 0 || out.status === 1, `squawk failed: ${out.stderr?.toString()}`);
    const all = JSON.parse(out.stdout.toString()) as SquawkViolation[];
    violations = new Map();
    for (const v of all) violations.set(v.file, [...(violations.get(v.file) ?? []), v]);
  });

  it('samples enough files and squawk reports claimed rules on them', () => {
    assert.ok(files.length > 100, `only ${files.length} files`);
    const claimed = [...violations.values()].flat().filter((v) => OURS_BY_SQUAWK.has(v.rule_name));
    assert.ok(claimed.length > 100, `only ${claimed.length} squawk violations of claimed rules`);
  });

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(path.join(MIGRATIONS, file), 'utf8');
      const analysis = analyzeSql(await parsers(), text, { dialect: 'postgresql', file });
      const top = analysis.statements.filter((s) => s.origin === 'top');
      const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1)];
      const stmtAt = (off: number): number => top.findIndex((s) => s.span.start <= off && off < s.span.end);
      const ours = new Set(
        runSqlRules(LOCK_RULES, analysis).map((f) =>
          f.ruleId === 'require-lock-timeout' ? `${f.ruleId}@file` : `${f.ruleId}@${stmtAt(f.span.start)}`,
        ),
      );
      const result: FileResult = { ours, analysis, top };
      const unexplained: string[] = [];
      for (const v of violations.get(file) ?? []) {
        const id = OURS_BY_SQUAWK.get(v.rule_name);
        if (!id) continue;
        const at = stmtAt((lineStarts[v.line] ?? 0) + v.column);
        const key = id === 'require-lock-timeout' ? `${id}@file` : `${id}@${at}`;
        if (ours.has(key) || squawkFalsePositive(result, v, top[at])) continue;
        unexplained.push(`${v.rule_name} at ${v.line + 1}:${v.column + 1} (${id})`);
      }
      assert.deepEqual(unexplained, []);
    });
  }
});
