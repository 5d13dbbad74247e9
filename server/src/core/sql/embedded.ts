import type { Parsers } from '../parsers';
import { UNPARSED } from './analyzer-findings';
import type { SqlStatement } from './model';
import { emptyFacts } from './model';
import { asNode, list, location, stringValue, type PgFields } from './pg-ast';
import { foldPgNode } from './pg-fold';
import { analyzeBody, builtSqlFinding, detachedSql, type BodyResult } from './plpgsql';
import { analyzerFinding, type TextEnv } from './statement';

/**
 * SQL run by other SQL: the statements of function and DO bodies (plpgsql.ts, with `EXECUTE` of
 * constant text folded), and the text argument of functions that run SQL (below). Each statement
 * found is looked into again, to {@link MAX_EMBEDDING_DEPTH} levels (a DO block that EXECUTEs a DO
 * block…); deeper is `unparsed`.
 */

/** How deep SQL inside SQL is followed. */
export const MAX_EMBEDDING_DEPTH = 8;

/** A function that runs one of its text arguments as SQL. */
interface SqlRunner {
  /** The function's schema when it must be written (`cron` for pg_cron), else `undefined`. */
  schema?: string;
  /** Which argument is the SQL, from the arguments as written. */
  sqlArg: (args: readonly unknown[]) => unknown;
  /** Where the function is documented. */
  source: string;
}

/** A trailing boolean argument (dblink's `fail_on_error`). */
function isBool(node: unknown): boolean {
  const c = asNode(node, 'A_Const') ?? asNode(asNode(node, 'TypeCast')?.arg, 'A_Const');
  return c?.boolval !== undefined;
}
/** The last argument that is not a trailing boolean flag. */
const lastText = (args: readonly unknown[]): unknown =>
  args.length > 1 && isBool(args[args.length - 1]) ? args[args.length - 2] : args[args.length - 1];

/**
 * Functions that run SQL text, keyed by lower-case name. dblink runs it on the connection it names
 * (the same or another database); pg_cron and pg_background run it later, in another session.
 */
const SQL_RUNNERS: Readonly<Record<string, SqlRunner>> = {
  dblink: {
    sqlArg: lastText,
    source: 'https://www.postgresql.org/docs/current/contrib-dblink-function.html',
  },
  dblink_exec: {
    sqlArg: lastText,
    source: 'https://www.postgresql.org/docs/current/contrib-dblink-exec.html',
  },
  dblink_send_query: {
    sqlArg: (a) => a[1],
    source: 'https://www.postgresql.org/docs/current/contrib-dblink-send-query.html',
  },
  dblink_open: {
    sqlArg: lastText,
    source: 'https://www.postgresql.org/docs/current/contrib-dblink-open.html',
  },
  schedule: {
    schema: 'cron',
    sqlArg: (a) => a[a.length - 1],
    source: 'https://github.com/citusdata/pg_cron#usage',
  },
  schedule_in_database: {
    schema: 'cron',
    sqlArg: (a) => a[2],
    source: 'https://github.com/citusdata/pg_cron#usage',
  },
  alter_job: { schema: 'cron', sqlArg: (a) => a[2], source: 'https://github.com/citusdata/pg_cron#usage' },
  pg_background_launch: { sqlArg: (a) => a[0], source: 'https://github.com/vibhorkum/pg_background#usage' },
};

/** The runner a call names (schema as the table requires), with its printed name. */
function runnerOf(call: PgFields): { name: string; runner: SqlRunner } | undefined {
  const parts = list(call.funcname).map((p) => stringValue(p)?.toLowerCase());
  const name = parts[parts.length - 1];
  const runner = name === undefined ? undefined : SQL_RUNNERS[name];
  if (!runner || name === undefined) return undefined;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  if (runner.schema !== undefined ? schema !== runner.schema : schema !== undefined && schema !== 'public')
    return undefined;
  return { name: parts.filter((p) => p !== undefined).join('.'), runner };
}

/** The `FuncCall` nodes of `stmt` (its shared index when it has one). */
function calls(stmt: SqlStatement): readonly PgFields[] {
  return stmt.nodesOfType?.('FuncCall') ?? [];
}

/**
 * The statements run by the SQL-running calls of `stmt` (`dblink_exec(c, 'DROP TABLE users')`):
 * constant text is parsed and returned as detached statements placed on the call; text built at
 * run time is a `dynamic-sql` finding, text too large to fold an `unparsed` one.
 */
function runnerStatements(parsers: Parsers, env: TextEnv, stmt: SqlStatement): BodyResult {
  const out: BodyResult = { statements: [], starts: [], findings: [] };
  for (const call of calls(stmt)) {
    const found = runnerOf(call);
    if (!found) continue;
    const arg = found.runner.sqlArg(list(call.args));
    if (arg === undefined) continue;
    const span = stmt.spanAt(location(call) ?? -1, found.name.length);
    const folded = foldPgNode(arg);
    if (folded.kind !== 'constant') {
      out.findings.push(builtSqlFinding(folded, 'an argument that is not a literal', span, found.name));
      continue;
    }
    append(out, detachedSql(parsers, env, folded.text, span, stmt.index));
  }
  return out;
}

function append(out: BodyResult, more: BodyResult): void {
  out.statements.push(...more.statements);
  out.starts.push(...more.starts);
  out.findings.push(...more.findings);
}

/**
 * Every statement run by `stmt` (a parsed PostgreSQL statement at UTF-16 offset `start` of
 * `env.text`, `undefined` when not written there as such), depth first: body statements,
 * statements of folded `EXECUTE`s and of SQL-running calls, and theirs in turn. Beyond
 * {@link MAX_EMBEDDING_DEPTH} levels the SQL is reported `unparsed` instead of followed.
 */
export function embeddedStatements(
  parsers: Parsers,
  env: TextEnv,
  stmt: SqlStatement,
  start: number | undefined,
  depth = 0,
): BodyResult {
  const out: BodyResult = { statements: [], starts: [], findings: [] };
  if (!stmt.parsed) return out;
  const found = analyzeBody(parsers, env, stmt, start);
  append(found, runnerStatements(parsers, env, stmt));
  out.findings.push(...found.findings);
  found.statements.forEach((child, i) => {
    if (depth + 1 >= MAX_EMBEDDING_DEPTH) {
      out.statements.push(child);
      out.starts.push(found.starts[i]);
      const facts = emptyFacts('EXECUTE', ['code']);
      out.findings.push(
        analyzerFinding(
          UNPARSED,
          'tooDeep',
          { kind: child.facts.statementKind, limit: MAX_EMBEDDING_DEPTH },
          child.span,
          facts,
        ),
      );
      return;
    }
    out.statements.push(child);
    out.starts.push(found.starts[i]);
    append(out, embeddedStatements(parsers, env, child, found.starts[i], depth + 1));
  });
  return out;
}
