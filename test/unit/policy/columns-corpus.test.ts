import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { analyzeAction } from '../../../server/src/core/engine';
import { dataClassesOf, findingColumns, findingTables } from '../../../server/src/core/policy';
import { detectDialect } from '../../../server/src/core/sql/dialect';
import type { Dialect } from '../../../server/src/core/types';
import { CORPUS, NEEDS_CORPUS, parsers } from '../../helpers/parsers';
import { builtinSet } from './fixtures';

const MIGRATIONS = path.join(CORPUS, 'migrations');

/** Kratos' dialect-neutral files apply to the dialects `generic_dialects.json` lists. */
function dialectsOf(file: string, text: string, neutral: Record<string, unknown>): Dialect[] {
  const detected = detectDialect(path.relative(MIGRATIONS, file), text);
  if (detected) return [detected];
  const ds = neutral[path.basename(file)];
  return Array.isArray(ds) ? ds.map((d) => (d === 'pg' ? 'postgresql' : 'mysql')) : ['postgresql'];
}

it(
  'real migrations: column facts never crash, and the default policy classifies findings through columns',
  { skip: NEEDS_CORPUS },
  async (t) => {
    const p = await parsers();
    const classes = builtinSet().entries.map((e) => e.policy.dataClasses);
    const neutral = JSON.parse(
      fs.readFileSync(path.join(MIGRATIONS, 'ory__kratos', 'generic_dialects.json'), 'utf8'),
    ) as Record<string, unknown>;
    const files = fs
      .readdirSync(MIGRATIONS, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.sql'))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    const n = {
      statements: 0,
      withColumns: 0,
      columns: 0,
      stars: 0,
      open: 0,
      findings: 0,
      viaTables: 0,
      gained: 0,
    };
    const gainedBy = new Map<string, number>();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const dialect of dialectsOf(file, text, neutral)) {
        const a = analyzeAction(p, { kind: 'sql', text, file, dialect });
        for (const s of a.sql.flatMap((x) => x.statements)) {
          const cols = [...s.facts.columnsRead, ...s.facts.columnsWritten];
          n.statements++;
          if (cols.length > 0) n.withColumns++;
          n.columns += cols.length;
          for (const c of cols) {
            assert.ok(c.name !== '', `${file}: empty column name`);
            if (c.name === '*') {
              n.stars++;
              assert.ok(c.table, `${file}: * without a table in ${s.text.slice(0, 80)}`);
            }
            if (c.table === undefined) n.open++;
          }
          if (!s.parsed) assert.equal(cols.length, 0, `${file}: unparsed statement with columns`);
        }
        for (const f of a.findings) {
          n.findings++;
          const tables = findingTables(f);
          const byTables = new Set(classes.flatMap((c) => dataClassesOf(c, tables)));
          const byBoth = new Set(classes.flatMap((c) => dataClassesOf(c, tables, findingColumns(f))));
          if (byTables.size > 0) n.viaTables++;
          if (byBoth.size > byTables.size) {
            n.gained++;
            gainedBy.set(f.ruleId, (gainedBy.get(f.ruleId) ?? 0) + 1);
          }
        }
      }
    }
    t.diagnostic(`columns: ${JSON.stringify(n)}`);
    t.diagnostic(
      `findings that gain a data class through columns, by rule: ${JSON.stringify([...gainedBy])}`,
    );
    assert.ok(files.length > 1000, `expected the corpus, found ${files.length} files`);
    // Most migration statements name columns (CREATE TABLE, ALTER TABLE, CREATE INDEX…).
    assert.ok(n.withColumns > n.statements / 2, JSON.stringify(n));
    // Lemmy drops and indexes `email` columns of user tables the default policy does not list.
    assert.ok(n.gained > 0, JSON.stringify(n));
  },
);
