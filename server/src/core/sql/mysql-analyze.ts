import type { Parser } from 'node-sql-parser';
import type { Dialect, Finding } from '../types';
import { UNPARSED } from './analyzer-findings';
import { classifyByKeywords } from './keywords';
import type { SqlStatement } from './model';
import { mysqlFacts } from './mysql-facts';
import { isRecord } from './pg-ast';
import { splitStatements } from './split';
import { analyzerFinding, makeStatement, spanOf, type TextEnv } from './statement';

/** node-sql-parser's `database` option for each non-PostgreSQL dialect. */
const DATABASES: Record<Exclude<Dialect, 'postgresql'>, string> = {
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  sqlite: 'Sqlite',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
  transactsql: 'TransactSQL',
};

/**
 * A node-sql-parser `Parser` for one database, from its per-database build: loading only that
 * grammar takes ~60 ms where the all-databases entry point takes ~420 ms (measured on this
 * machine), and PostgreSQL-only runs load none. Literal `require`s so bundlers see each build;
 * Node's module cache makes repeated calls cheap.
 */
function createParser(dialect: Exclude<Dialect, 'postgresql'>): Parser {
  type Build = { Parser: new () => Parser };
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy, per-dialect loading (see above) */
  const builds: Record<Exclude<Dialect, 'postgresql'>, () => Build> = {
    mysql: () => require('node-sql-parser/build/mysql') as Build,
    mariadb: () => require('node-sql-parser/build/mariadb') as Build,
    sqlite: () => require('node-sql-parser/build/sqlite') as Build,
    bigquery: () => require('node-sql-parser/build/bigquery') as Build,
    snowflake: () => require('node-sql-parser/build/snowflake') as Build,
    transactsql: () => require('node-sql-parser/build/transactsql') as Build,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new (builds[dialect]().Parser)();
}

/** A short parser error: `unexpected "x" at line L, column C` from node-sql-parser's PEG error. */
function parserError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const found = /but (.+) found\.?$/.exec(message)?.[1];
  const loc =
    isRecord(e) && isRecord(e.location) && isRecord(e.location.start) ? e.location.start : undefined;
  if (found !== undefined && loc && typeof loc.line === 'number' && typeof loc.column === 'number') {
    return `unexpected ${found === 'end of input' ? 'end of input' : found} at line ${loc.line}, column ${loc.column}`;
  }
  return (message.split('\n')[0] ?? 'unknown error').slice(0, 200);
}

/**
 * Analyzes MySQL-family text: split with the MySQL splitter (quotes, comments, `DELIMITER`,
 * BEGIN … END bodies), then each statement parsed alone by one node-sql-parser instance (made
 * per call; construction costs ~0.03 ms). `spanAt` maps node-sql-parser `loc.start.offset`
 * (UTF-16 offsets into the statement text). Failures ⇒ `parsed: false` + `unparsed` finding.
 */
export function analyzeMysqlFamily(env: TextEnv): { statements: SqlStatement[]; findings: Finding[] } {
  const dialect = env.dialect === 'postgresql' ? 'mysql' : env.dialect;
  const database = DATABASES[dialect];
  const parser = createParser(dialect);
  const statements: SqlStatement[] = [];
  const findings: Finding[] = [];
  for (const piece of splitStatements(env.text, 'mysql')) {
    const sql = env.text.slice(piece.start, piece.end);
    const index = statements.length;
    try {
      const result = parser.parse(sql, { database, parseOptions: { includeLocations: true } } as Parameters<
        Parser['parse']
      >[1]);
      const asts: unknown[] = Array.isArray(result.ast) ? result.ast : [result.ast];
      const tableList = result.tableList ?? [];
      for (const ast of asts) {
        statements.push(
          makeStatement(env, {
            ...piece,
            parsed: true,
            ast,
            facts: mysqlFacts(ast, asts.length === 1 ? tableList : []),
            origin: 'top',
            index,
            locate: (loc) => piece.start + loc,
          }),
        );
      }
    } catch (e) {
      const facts = classifyByKeywords(sql, 'mysql');
      statements.push(
        makeStatement(env, { ...piece, parsed: false, ast: undefined, facts, origin: 'top', index }),
      );
      findings.push(
        analyzerFinding(
          UNPARSED,
          'unparsed',
          { kind: facts.statementKind, parser: `node-sql-parser (${database})`, error: parserError(e) },
          spanOf(env, piece.start, piece.end),
          facts,
        ),
      );
    }
  }
  return { statements, findings };
}
