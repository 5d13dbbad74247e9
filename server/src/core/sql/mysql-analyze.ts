import type { Parser } from 'node-sql-parser';
import type { Dialect, Finding } from '../types';
import { DYNAMIC_SQL, UNPARSED } from './analyzer-findings';
import { classifyByKeywords } from './keywords';
import type { SqlStatement } from './model';
import { mysqlAdminStatement } from './mysql-admin';
import { mysqlFacts } from './mysql-facts';
import { preparesDynamicSql, storedProgram } from './mysql-routines';
import { mysqlShims } from './mysql-shims';
import { isRecord } from './pg-ast';
import { MAX_PAREN_DEPTH, parenDepthExceeds } from './prepare';
import { isMysqlPlanOnly, planOnlyFacts } from './harmless';
import { splitStatements, type Piece } from './split';
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
export function createParser(dialect: Exclude<Dialect, 'postgresql'>): Parser {
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
 * A second chance for a statement the dialect's parser rejected: the statement as another
 * dialect's parser reads it (its `dialect` says which), or `undefined` when none does.
 */
export type Fallback = (piece: Piece, index: number) => SqlStatement | undefined;

/**
 * The statement trees of a node-sql-parser result. The MySQL grammar reads a `GO` word as a batch
 * separator and returns the statements after it in `go_next` (`{ ast: [], go: 'go', go_next }`);
 * the mysql client sends its buffer on a `go` line (MySQL reference, "mysql Client Commands"), so
 * they are statements it runs and are judged as written.
 */
function statementAsts(result: { ast: unknown }): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (node === undefined || node === null || depth > 1000) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
    } else if (isRecord(node) && !('type' in node) && ('ast' in node || 'go_next' in node)) {
      // A batch `{ ast, go, go_next }` or the `{ ast }` holding the statements after `GO`.
      visit(node.ast, depth + 1);
      visit(node.go_next, depth + 1);
    } else out.push(node);
  };
  visit(result.ast, 0);
  return out;
}

/**
 * Parses one statement with node-sql-parser for `dialect` (a fallback for text another parser
 * rejected): the statement, or `undefined` when it does not parse to exactly one statement.
 */
export function parseMysqlPiece(
  env: TextEnv,
  dialect: Exclude<Dialect, 'postgresql'>,
  piece: Piece,
  index: number,
): SqlStatement | undefined {
  const sql = env.text.slice(piece.start, piece.end);
  try {
    const result = createParser(dialect).parse(sql, {
      database: DATABASES[dialect],
      parseOptions: { includeLocations: true },
    } as Parameters<Parser['parse']>[1]);
    const asts = statementAsts(result);
    if (asts.length !== 1) return undefined;
    return makeStatement(
      { ...env, dialect },
      {
        ...piece,
        parsed: true,
        ast: asts[0],
        facts: mysqlFacts(asts[0], result.tableList ?? []),
        origin: 'top',
        index,
        locate: (loc) => piece.start + loc,
      },
    );
  } catch {
    return undefined;
  }
}

/** Length of `EXPLAIN [EXTENDED|PARTITIONS|FORMAT = x] ` / `DESCRIBE ` before the explained statement. */
function explainPrefixLength(sql: string): number {
  const m = /^\s*(EXPLAIN|DESCRIBE|DESC)\s+((EXTENDED|PARTITIONS)\s+|FORMAT\s*=\s*\w+\s+)?/i.exec(sql);
  return m ? m[0].length : 0;
}

/**
 * The string literal of `PREPARE name FROM '…'` / `"…"`: its offsets inside `sql` (without the
 * quotes) and its value. `escaped` is true when the literal holds escapes (`''`, `\\x`), so the
 * value's offsets do not map one to one onto the source (spans then cover the statement).
 * `undefined` for anything else (`PREPARE s FROM @query` stays unparsed: built at run time).
 */
function preparedLiteral(
  sql: string,
): { start: number; end: number; value: string; escaped: boolean } | undefined {
  const m = /^\s*PREPARE\s+[`\w$]+\s+FROM\s+(['"])/i.exec(sql);
  if (!m) return undefined;
  const quote = m[1] ?? "'";
  const start = m[0].length;
  let value = '';
  let escaped = false;
  for (let i = start; i < sql.length; i++) {
    const c = sql[i];
    if (c === '\\') {
      escaped = true;
      value += sql[i + 1] ?? '';
      i++;
    } else if (c === quote && sql[i + 1] === quote) {
      escaped = true;
      value += quote;
      i++;
    } else if (c === quote) {
      return sql.slice(i + 1).trim() === '' ? { start, end: i, value, escaped } : undefined;
    } else value += c;
  }
  return undefined;
}

/**
 * Analyzes MySQL-family text: split with the MySQL splitter (quotes, comments, `DELIMITER`,
 * BEGIN … END bodies), then each statement parsed alone by one node-sql-parser instance (made
 * per call; construction costs ~0.03 ms). `spanAt` maps node-sql-parser `loc.start.offset`
 * (UTF-16 offsets into the statement text). Failures ⇒ `parsed: false` + `unparsed` finding.
 */
export function analyzeMysqlFamily(
  env: TextEnv,
  fallback?: Fallback,
): { statements: SqlStatement[]; findings: Finding[] } {
  const dialect = env.dialect === 'postgresql' ? 'mysql' : env.dialect;
  const database = DATABASES[dialect];
  const parser = createParser(dialect);
  const statements: SqlStatement[] = [];
  const findings: Finding[] = [];
  const unparsed = (piece: Piece, index: number, messageId: 'unparsed' | 'tooDeep', error: string): void => {
    const facts = classifyByKeywords(env.text.slice(piece.start, piece.end), 'mysql');
    statements.push(
      makeStatement(env, { ...piece, parsed: false, ast: undefined, facts, origin: 'top', index }),
    );
    findings.push(
      analyzerFinding(
        UNPARSED,
        messageId,
        messageId === 'tooDeep'
          ? { kind: facts.statementKind, limit: MAX_PAREN_DEPTH }
          : { kind: facts.statementKind, parser: `node-sql-parser (${database})`, error },
        spanOf(env, piece.start, piece.end),
        facts,
      ),
    );
  };
  for (const piece of splitStatements(env.text, 'mysql')) {
    const index = statements.length;
    const sql = env.text.slice(piece.start, piece.end);
    if (parenDepthExceeds(sql, 'mysql', MAX_PAREN_DEPTH)) {
      unparsed(piece, index, 'tooDeep', '');
      continue;
    }
    // `EXPLAIN stmt` (no ANALYZE) plans without running: judge the inner statement as a read.
    const planOnly = isMysqlPlanOnly(sql);
    // `PREPARE name FROM 'literal'`: the literal is the statement that EXECUTE will run.
    const prepared = planOnly ? undefined : preparedLiteral(sql);
    const inner: Piece = planOnly
      ? { start: piece.start + explainPrefixLength(sql), end: piece.end }
      : prepared && !prepared.escaped
        ? { start: piece.start + prepared.start, end: piece.start + prepared.end }
        : piece;
    const innerSql = prepared?.escaped ? prepared.value : env.text.slice(inner.start, inner.end);
    const parseInto = (
      src: string,
      locate: (loc: number) => number | undefined,
      convertsCharset = false,
    ): void => {
      const result = parser.parse(src, {
        database,
        parseOptions: { includeLocations: true },
      } as Parameters<Parser['parse']>[1]);
      const asts = statementAsts(result);
      const tableList = result.tableList ?? [];
      for (const ast of asts) {
        if (convertsCharset && isRecord(ast) && Array.isArray(ast.expr)) {
          // Kept in the tree for `mysql-copying-alter`: CONVERT TO CHARACTER SET rewrites every row.
          ast.expr.push({ type: 'alter', resource: 'convert', keyword: 'convert to character set' });
        }
        const facts = mysqlFacts(ast, asts.length === 1 ? tableList : []);
        statements.push(
          makeStatement(env, {
            ...piece,
            parsed: true,
            ast,
            facts: planOnly ? planOnlyFacts(facts) : facts,
            ...(planOnly ? { planOnly } : {}),
            origin: 'top',
            index,
            locate,
          }),
        );
      }
      if (asts.length === 0 && /\S/.test(src.replace(/\/\*[\s\S]*?\*\/|(--\s|#)[^\n]*/g, ''))) {
        unparsed(piece, index, 'unparsed', 'the parser returned no statement');
      }
    };
    try {
      parseInto(innerSql, (loc) => (prepared?.escaped ? undefined : inner.start + loc));
    } catch (e) {
      if (planOnly) {
        // Never executed: nothing to judge even when the inner statement is not understood.
        const facts = planOnlyFacts(classifyByKeywords(innerSql, 'mysql'));
        statements.push(
          makeStatement(env, {
            ...piece,
            parsed: true,
            ast: { type: 'explain' },
            facts,
            planOnly,
            origin: 'top',
            index,
          }),
        );
        continue;
      }
      // Stored programs: the CREATE itself, then the statements of its body (mysql-routines.ts).
      const routine = prepared ? undefined : storedProgram(sql);
      if (routine) {
        statements.push(
          makeStatement(env, {
            ...piece,
            parsed: true,
            ast: {
              type: 'create',
              keyword: routine.kind.toLowerCase(),
              name: routine.name,
              storedProgram: true,
            },
            facts: classifyByKeywords(sql, 'mysql'),
            origin: 'top',
            index,
          }),
        );
        for (const b of routine.body) {
          const body: Piece = { start: piece.start + b.start, end: piece.start + b.end };
          const bodySql = env.text.slice(body.start, body.end);
          try {
            const result = parser.parse(bodySql, {
              database,
              parseOptions: { includeLocations: true },
            } as Parameters<Parser['parse']>[1]);
            const asts = statementAsts(result);
            for (const ast of asts) {
              statements.push(
                makeStatement(env, {
                  ...body,
                  parsed: true,
                  ast,
                  facts: mysqlFacts(ast, asts.length === 1 ? (result.tableList ?? []) : []),
                  origin: 'plpgsql',
                  index,
                  locate: (loc) => body.start + loc,
                }),
              );
            }
          } catch (err) {
            const facts = classifyByKeywords(bodySql, 'mysql');
            statements.push(
              makeStatement(env, { ...body, parsed: false, ast: undefined, facts, origin: 'plpgsql', index }),
            );
            findings.push(
              preparesDynamicSql(bodySql)
                ? analyzerFinding(
                    DYNAMIC_SQL,
                    'dynamicExecute',
                    { query: bodySql.slice(0, 80) },
                    spanOf(env, body.start, body.end),
                    facts,
                  )
                : analyzerFinding(
                    UNPARSED,
                    'unparsed',
                    {
                      kind: facts.statementKind,
                      parser: `node-sql-parser (${database})`,
                      error: parserError(err),
                    },
                    spanOf(env, body.start, body.end),
                    facts,
                  ),
            );
          }
        }
        continue;
      }
      // Account and session administration (mysql-admin.ts).
      const admin = prepared ? undefined : mysqlAdminStatement(sql);
      if (admin) {
        statements.push(
          makeStatement(env, {
            ...piece,
            parsed: true,
            ast: admin,
            facts: classifyByKeywords(sql, 'mysql'),
            origin: 'top',
            index,
          }),
        );
        continue;
      }
      // Valid MySQL the grammar does not know (see mysql-shims.ts), then the other parsers.
      const shim = prepared ? undefined : mysqlShims(sql);
      if (shim) {
        try {
          parseInto(shim.text, (loc) => piece.start + shim.toOriginal(loc), shim.convertsCharset);
          continue;
        } catch {
          // falls through to the other dialects' parsers
        }
      }
      const other = fallback?.(piece, index);
      if (other) statements.push(other);
      else unparsed(piece, index, 'unparsed', parserError(e));
    }
  }
  return { statements, findings };
}
