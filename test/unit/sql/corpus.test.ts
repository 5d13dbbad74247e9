import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSql } from '../../../server/src/core/sql/analyze';
import { detectDialect } from '../../../server/src/core/sql/dialect';
import type { Dialect } from '../../../server/src/core/types';
import { CORPUS, NEEDS_CORPUS, parsers } from '../../helpers/parsers';

const MIGRATIONS = path.join(CORPUS, 'migrations');

function sqlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Kratos' dialect-neutral files: the dialects each applies to (`generic_dialects.json`). */
function neutralDialects(): Map<string, Dialect[]> {
  const file = path.join(MIGRATIONS, 'ory__kratos', 'generic_dialects.json');
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const map = new Map<string, Dialect[]>();
  if (typeof raw === 'object' && raw !== null) {
    for (const [name, ds] of Object.entries(raw)) {
      if (Array.isArray(ds))
        map.set(
          name,
          ds.map((d) => (d === 'pg' ? 'postgresql' : 'mysql')),
        );
    }
  }
  return map;
}

describe('SQL corpus (real migrations)', { skip: NEEDS_CORPUS }, () => {
  it('analyzes every migration: 100% of PostgreSQL, >= 90% of MySQL statements parse', async () => {
    const p = await parsers();
    const neutral = neutralDialects();
    const files = sqlFiles(MIGRATIONS);
    assert.ok(files.length > 1000, `expected the corpus, found ${files.length} files`);
    const counts = {
      postgresql: { files: 0, stmts: 0, unparsed: 0, plpgsql: 0 },
      mysql: { files: 0, stmts: 0, unparsed: 0, plpgsql: 0 },
    };
    const pgFailures: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const detected = detectDialect(path.relative(MIGRATIONS, file), text);
      const dialects: Dialect[] = detected
        ? [detected]
        : (neutral.get(path.basename(file)) ?? ['postgresql']);
      for (const dialect of dialects) {
        const a = analyzeSql(p, text, { dialect, file });
        const c = dialect === 'postgresql' ? counts.postgresql : counts.mysql;
        c.files++;
        c.stmts += a.statements.filter((s) => s.origin === 'top').length;
        c.plpgsql += a.statements.filter((s) => s.origin === 'plpgsql').length;
        const unparsed = a.findings.filter((f) => f.ruleId === 'unparsed');
        c.unparsed += unparsed.length;
        if (dialect === 'postgresql')
          for (const f of unparsed)
            pgFailures.push(`${path.relative(MIGRATIONS, file)}:${f.span.line}: ${f.message}`);
        assert.equal(a.contexts.length, a.statements.length);
      }
    }
    const mysqlCoverage = 1 - counts.mysql.unparsed / Math.max(1, counts.mysql.stmts);
    console.log(
      `corpus: ${JSON.stringify(counts)}; MySQL parse coverage ${(mysqlCoverage * 100).toFixed(1)}%`,
    );
    assert.deepEqual(pgFailures.slice(0, 20), []);
    assert.ok(counts.postgresql.stmts > 5000 && counts.mysql.stmts > 500);
    assert.ok(mysqlCoverage >= 0.9, `MySQL coverage ${mysqlCoverage}`);
  });
});
