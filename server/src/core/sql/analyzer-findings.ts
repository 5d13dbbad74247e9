import type { RuleMeta } from '../rules/rule';

/**
 * The findings the SQL analyzer itself makes (not rules over parsed statements): a statement the
 * parser cannot read, and SQL built at run time. Registered here with full metadata so docs,
 * hovers and `railguard explain` can show them like any rule.
 */

/** `unparsed`: the parser rejected the statement; its kind is guessed from leading keywords. */
export const UNPARSED: RuleMeta<
  'unparsed' | 'unreadableFile' | 'tooDeep' | 'psqlMeta' | 'psqlProgram' | 'tooLargeDynamic'
> = {
  id: 'unparsed',
  title: 'Statement could not be parsed',
  category: 'unparsed',
  severity: 'warning',
  docs: {
    description: 'A SQL statement the parser could not read is reported instead of being silently allowed.',
    problem:
      'Railguard judges statements by their parse tree. A statement the parser rejects (a syntax error, a ' +
      'vendor extension the parser does not know, an unterminated quote) cannot be checked by any rule, so ' +
      'letting it through would turn every parser gap into a bypass. Its kind is guessed from its leading ' +
      'keywords (`DROP TABLE`, `TRUNCATE`, `DELETE`, `GRANT`, `ALTER SYSTEM`…) so policy can still block or ask.',
    solution:
      'Fix the syntax error the message names. If the statement is valid for the database but not for the ' +
      'parser, run it through a reviewed path (an approved migration) or suppress the finding with ' +
      '`-- railguard-ignore unparsed: reason` after review.',
  },
  messages: {
    unparsed: 'Could not parse this {{kind}} statement ({{parser}}: {{error}}); it cannot be judged.',
    unreadableFile: 'The SQL file {{file}} could not be read, so its statements cannot be judged.',
    tooDeep:
      'This {{kind}} statement nests parentheses deeper than {{limit}} levels; it is not parsed, so it cannot be judged.',
    psqlMeta:
      'The psql meta-command \\{{name}} runs programs, reads or writes files, executes query results or changes the connection; it cannot be judged as SQL.',
    psqlProgram:
      '\\copy runs `{{program}}` in a shell on the client machine; that command cannot be judged as SQL.',
    tooLargeDynamic:
      'The SQL text this expression builds ({{query}}) exceeds {{limit}}; it is not evaluated, so the SQL it runs cannot be judged.',
  },
  controls: ['SOC2:CC8.1', 'NIST:CM-3', 'NIST:SI-10'],
  examples: {
    valid: ['SELECT 1;', 'DELETE FROM users WHERE id = 1;'],
    invalid: ['DROP TABLE users CASCADE garbage;', 'SELEC * FROM users;'],
  },
};

/** `dynamic-sql`: SQL text built at run time (PL/pgSQL `EXECUTE`, dblink, pg_cron…). */
export const DYNAMIC_SQL: RuleMeta<'dynamicExecute' | 'dynamicCall'> = {
  id: 'dynamic-sql',
  title: 'Dynamic SQL cannot be judged',
  category: 'opaque',
  severity: 'warning',
  docs: {
    description:
      'PL/pgSQL `EXECUTE`, or a function that runs SQL text (`dblink_exec`, `cron.schedule`…), of a string ' +
      'built at run time runs SQL no analyzer can see in advance.',
    problem:
      "In a function or `DO` body, `EXECUTE format(…)` / `EXECUTE '…' || name` runs whatever text the string " +
      'evaluates to when the code runs (PostgreSQL docs, PL/pgSQL "Executing Dynamic Commands"); `dblink_exec`, ' +
      '`dblink`, `cron.schedule` and `pg_background_launch` run their text argument the same way. A `DROP`, ' +
      '`TRUNCATE` or `COPY … TO PROGRAM` hidden this way is invisible to static checks, so the body is opaque. ' +
      "Text made only of literals (`EXECUTE 'DROP TABLE ' || 'users'`, `format('DROP TABLE %I', 'users')`) is " +
      'folded and judged as the SQL it is.',
    solution:
      'Prefer static SQL in the body. When dynamic SQL is needed (identifiers chosen at run time), quote them ' +
      "with `format('%I', …)` / `quote_ident`, keep the set of statements small and reviewable, and have the " +
      'migration approved by a human.',
  },
  messages: {
    dynamicExecute: 'EXECUTE of a string built at run time ({{query}}): the SQL it runs cannot be judged.',
    dynamicCall: '{{func}}() runs SQL text built at run time ({{query}}): the SQL it runs cannot be judged.',
  },
  controls: ['SOC2:CC8.1', 'NIST:CM-3', 'NIST:SI-10'],
  sources: [
    'https://www.postgresql.org/docs/current/plpgsql-statements.html#PLPGSQL-STATEMENTS-EXECUTING-DYN',
    'https://www.postgresql.org/docs/current/contrib-dblink-exec.html',
    'https://github.com/citusdata/pg_cron#usage',
  ],
  examples: {
    valid: [
      'DO $$ BEGIN DELETE FROM sessions WHERE expires_at < now(); END $$;',
      "DO $$ BEGIN EXECUTE 'ANALYZE ' || 'users'; END $$;",
    ],
    invalid: ["DO $$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident(tbl); END $$;"],
  },
};

/** Every finding kind the SQL analyzer reports, for docs and `railguard explain`. */
export const SQL_ANALYZER_FINDINGS: RuleMeta[] = [UNPARSED, DYNAMIC_SQL];
