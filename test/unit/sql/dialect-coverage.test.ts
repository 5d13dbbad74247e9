import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQL_RULES } from '../../../server/src/core/rules/sql';
import { runSqlRules } from '../../../server/src/core/rules/run';
import {
  codeOnly,
  detectDialect,
  detectProjectDialect,
  dialectFromProjectFile,
} from '../../../server/src/core/sql/dialect';
import { analyze } from './helpers';

describe('dialect detection (issue 11 §3)', () => {
  it('ignores backticks and keywords inside comments and strings', () => {
    const prisma =
      '-- AlterTable\n-- Added the required column `expiry` without a default value.\nALTER TABLE "Session" ADD COLUMN "expiry" TIMESTAMP(3) NOT NULL;\n';
    assert.equal(detectDialect('migrations/20240101_x/migration.sql', prisma), undefined);
    assert.equal(
      detectDialect('m.sql', "SELECT '`ENGINE=`';\nCREATE INDEX CONCURRENTLY i ON t (a);"),
      'postgresql',
    );
    assert.equal(detectDialect('m.sql', 'CREATE TABLE `t` (a int) ENGINE=InnoDB;'), 'mysql');
    assert.equal(detectDialect('m.sql', 'DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$'), 'mysql');
    assert.equal(codeOnly("a -- x `y`\n'b' $f$ body $f$"), "a  \n'' $f$ $f$");
  });
  it("reads the migration tool's own statement of the provider", () => {
    assert.equal(dialectFromProjectFile('migration_lock.toml', 'provider = "postgresql"\n'), 'postgresql');
    assert.equal(
      dialectFromProjectFile(
        'schema.prisma',
        'generator c {\n provider = "prisma-client-js"\n}\ndatasource db {\n  provider = "mysql"\n  url = env("X")\n}',
      ),
      'mysql',
    );
    assert.equal(
      dialectFromProjectFile('database.yml', 'default: &d\n  adapter: postgresql\n'),
      'postgresql',
    );
    assert.equal(dialectFromProjectFile('database.yml', 'production:\n  adapter: trilogy\n'), 'mysql');
    assert.equal(
      dialectFromProjectFile(
        'settings.py',
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql'}}",
      ),
      'mysql',
    );
    assert.equal(
      dialectFromProjectFile('flyway.conf', 'flyway.url=jdbc:postgresql://db:5432/app'),
      'postgresql',
    );
    assert.equal(
      dialectFromProjectFile('flyway.toml', '[environments.default]\nurl = "jdbc:mariadb://db/app"'),
      'mariadb',
    );
    assert.equal(dialectFromProjectFile('liquibase.properties', 'url: jdbc:sqlserver://db'), 'transactsql');
    assert.equal(dialectFromProjectFile('migration_lock.toml', '# nothing'), undefined);
  });
  it('looks for project files in the folders above the migration, nearest first', () => {
    const files: Record<string, string> = {
      'app/prisma/migrations/migration_lock.toml': 'provider = "postgresql"',
      'app/config/database.yml': 'adapter: mysql2',
    };
    const read = (p: string): string | undefined => files[p];
    assert.equal(detectProjectDialect('app/prisma/migrations/2024_x/migration.sql', read), 'postgresql');
    assert.equal(detectProjectDialect('app/db/migrate/001.sql', read), 'mysql');
    assert.equal(detectProjectDialect('other/001.sql', read), undefined);
    // The file name still wins; the project beats content hints.
    assert.equal(detectDialect('x/m.mysql.up.sql', 'SELECT 1', 'postgresql'), 'mysql');
    assert.equal(detectDialect('x/m.sql', 'CREATE TABLE `t` (a int)', 'postgresql'), 'postgresql');
  });
});

describe('parser fallback and MySQL grammar gaps (issue 11 §3)', () => {
  it('a PostgreSQL statement in a file taken for MySQL is parsed by libpg-query and judged', async () => {
    const a = await analyze("DROP INDEX IF EXISTS idx_a;\nALTER TYPE mood RENAME VALUE 'a' TO 'b';", 'mysql');
    assert.deepEqual(
      a.statements.map((s) => [s.parsed, s.dialect]),
      [
        [true, 'postgresql'],
        [true, 'postgresql'],
      ],
    );
    assert.deepEqual(a.findings, []);
  });
  it('a MySQL statement in a file taken for PostgreSQL is parsed by node-sql-parser', async () => {
    const a = await analyze('DELETE FROM `users`;');
    assert.equal(a.statements[0]?.dialect, 'mysql');
    const found = runSqlRules(SQL_RULES, a).map((f) => `${f.ruleId}@${f.span.line}:${f.span.column}`);
    assert.ok(
      found.some((f) => f.startsWith('delete-without-where@1:')),
      found.join(' '),
    );
  });
  it('bool, column BINARY, CONVERT TO CHARACTER SET and DROP CONSTRAINT parse, positions kept', async () => {
    for (const sql of [
      'CREATE TABLE t (`a` bool NOT NULL, `b` VARCHAR(255) BINARY)',
      'ALTER TABLE t MODIFY COLUMN identifier VARCHAR(255) BINARY',
      'ALTER TABLE t DROP CONSTRAINT `fk`, MODIFY a char(36) NULL',
    ]) {
      const a = await analyze(sql, 'mysql');
      assert.deepEqual(a.findings, [], sql);
      assert.equal(a.statements[0]?.dialect, 'mysql', sql);
    }
    const a = await analyze(
      'SELECT 1;\nALTER TABLE logs\n  ENGINE=InnoDB,\n  CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;',
      'mysql',
    );
    const found = runSqlRules(SQL_RULES, a).map(
      (f) => `${f.ruleId}/${f.messageId}@${f.span.line}:${f.span.column}`,
    );
    assert.deepEqual(found, ['mysql-copying-alter/convertCharset@2:1']);
    const b = await analyze(
      'ALTER TABLE t ADD COLUMN `forced` bool NOT NULL DEFAULT false, MODIFY c int',
      'mysql',
    );
    const spans = runSqlRules(SQL_RULES, b)
      .filter((f) => f.ruleId === 'mysql-copying-alter')
      .map((f) => `${f.span.line}:${f.span.column}`);
    assert.deepEqual(spans, ['1:71']);
  });
});

describe('MySQL stored programs (issue 11 §3)', () => {
  const ids = async (sql: string): Promise<string[]> => {
    const a = await analyze(sql, 'mysql');
    return [...a.findings, ...runSqlRules(SQL_RULES, a)].map(
      (f) => `${f.ruleId}@${f.span.line}:${f.span.column}`,
    );
  };
  it('splits a DELIMITER block and judges the body of a procedure', async () => {
    const sql =
      'DELIMITER $$\nCREATE DEFINER=`root`@`%` PROCEDURE purge()\nBEGIN\n  IF (SELECT COUNT(*) FROM t) > 0 THEN\n    DELETE FROM t;\n  END IF;\n  DROP TABLE old_t;\nEND$$\nDELIMITER ;\nSELECT 1;';
    const a = await analyze(sql, 'mysql');
    assert.deepEqual(
      a.statements.map((s) => [s.origin, s.facts.statementKind, s.parsed]),
      [
        ['top', 'CREATE PROCEDURE', true],
        ['plpgsql', 'DELETE', true],
        ['plpgsql', 'DROP TABLE', true],
        ['top', 'SELECT', true],
      ],
    );
    assert.deepEqual(await ids(sql), ['delete-without-where@5:17', 'drop-table@7:14']);
  });
  it('without DELIMITER, BEGIN … END keeps the body whole; PREPARE FROM @var is dynamic SQL', async () => {
    const sql =
      "CREATE PROCEDURE p(IN tbl VARCHAR(64))\nBEGIN\n  SET @q = CONCAT('DROP TABLE ', tbl);\n  PREPARE s FROM @q;\n  EXECUTE s;\n  DEALLOCATE PREPARE s;\nEND;\nCALL p('x');";
    assert.deepEqual(await ids(sql), ['dynamic-sql@4:3']);
  });
  it('triggers and events: the statement after FOR EACH ROW / DO is judged', async () => {
    assert.deepEqual(await ids('CREATE TRIGGER tr AFTER INSERT ON a FOR EACH ROW DELETE FROM b;'), [
      'delete-without-where@1:62',
    ]);
    assert.deepEqual(await ids('CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO TRUNCATE TABLE logs;'), [
      'truncate-table@1:58',
    ]);
  });
});
