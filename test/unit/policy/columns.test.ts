import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { judge, policyTestJudge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import {
  columnMatches,
  createPolicySet,
  dataClassesOf,
  dataClassMatches,
  evaluate,
  parseColumnPattern,
  runPolicyTests,
  type Context,
} from '../../../server/src/core/policy';
import type { ColumnFact } from '../../../server/src/core/types';
import { parsers } from '../../helpers/parsers';
import { finding, HEADER, policyFrom, setWithWorkspace } from './fixtures';

const col = (name: string, table?: string): ColumnFact => (table === undefined ? { name } : { name, table });

describe('column pattern grammar', () => {
  it('splits a pattern at its last dot into a table glob and a column glob', () => {
    assert.deepEqual(parseColumnPattern('email'), { column: 'email' });
    assert.deepEqual(parseColumnPattern('users.email'), { table: 'users', column: 'email' });
    assert.deepEqual(parseColumnPattern('public.users.email'), { table: 'public.users', column: 'email' });
    assert.deepEqual(parseColumnPattern('*.ssn'), { table: '*', column: 'ssn' });
  });

  // [pattern, column, statement tables, matches]
  const cases: [string, ColumnFact, string[], boolean][] = [
    // A bare column glob matches that column in any table, case-insensitively.
    ['email', col('email', 'accounts'), ['accounts'], true],
    ['email', col('EMAIL', 'public.accounts'), ['public.accounts'], true],
    ['email', col('email_verified', 'accounts'), ['accounts'], false],
    ['*_email', col('billing_email', 'orders'), ['orders'], true],
    // TABLE.COLUMN: the table part is a table glob (tableMatches): any schema for a bare table.
    ['users.email', col('email', 'users'), ['users'], true],
    ['users.email', col('email', 'public.users'), ['public.users'], true],
    ['users.email', col('email', 'orders'), ['orders'], false],
    ['*.ssn', col('ssn', 'hr.people'), ['hr.people'], true],
    // SCHEMA.TABLE.COLUMN: a qualified table must match; an unqualified one matches on its name.
    ['public.users.email', col('email', 'public.users'), [], true],
    ['public.users.email', col('email', 'audit.users'), [], false],
    ['public.users.email', col('email', 'users'), [], true],
    ['hr.*.ssn', col('ssn', 'hr.people'), [], true],
    ['hr.*.ssn', col('ssn', 'sales.people'), [], false],
    // A column whose table the SQL leaves open may belong to any relation of the statement.
    ['users.email', col('email'), ['orders', 'users'], true],
    ['users.email', col('email'), ['orders', 'items'], false],
    ['users.email', col('email'), [], true],
    // `*` matches a pattern naming its table literally, never a bare or wildcard-table pattern.
    ['users.email', col('*', 'users'), ['users'], true],
    ['users.email', col('*', 'public.users'), ['public.users'], true],
    ['*.users.email', col('*', 'app.users'), ['app.users'], true],
    ['users.email', col('*', 'orders'), ['orders'], false],
    ['email', col('*', 'users'), ['users'], false],
    ['*.email', col('*', 'users'), ['users'], false],
    ['user*.email', col('*', 'users'), ['users'], false],
  ];
  for (const [pattern, column, tables, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${column.table ?? '?'}.${column.name} (tables: ${tables.join(',') || 'none'})`, () =>
      assert.equal(columnMatches(pattern, column, tables), expected));
  }
});

describe('data classes from tables OR columns', () => {
  const classes = {
    pii: { tables: ['patients'], columns: ['email', 'accounts.ssn'] },
    finance: { columns: ['*.iban'] },
    secrets: { tables: ['api_keys'] },
  };
  it('a class applies when its tables or its columns match', () => {
    assert.deepEqual(dataClassesOf(classes, ['patients']), ['pii']);
    assert.deepEqual(dataClassesOf(classes, ['orders'], [col('email', 'orders')]), ['pii']);
    assert.deepEqual(
      dataClassesOf(classes, ['accounts'], [col('ssn', 'accounts'), col('iban', 'accounts')]),
      ['finance', 'pii'],
    );
    assert.deepEqual(dataClassesOf(classes, ['orders'], [col('ssn', 'orders'), col('total', 'orders')]), []);
    assert.deepEqual(dataClassesOf(classes, ['api_keys', 'orders'], [col('iban')]), ['finance', 'secrets']);
  });
  it('dataClassMatches gives, per class, the tables and columns that made it apply', () => {
    assert.deepEqual(
      dataClassMatches(classes, ['patients', 'accounts'], [col('ssn', 'accounts'), col('id', 'patients')]),
      [{ dataClass: 'pii', tables: ['patients'], columns: [col('ssn', 'accounts')] }],
    );
    assert.deepEqual(dataClassMatches(classes, ['orders'], [col('total', 'orders')]), []);
  });
  it('evaluation keeps the evidence per finding, united over policies defining the same class', () => {
    const set = createPolicySet(
      {
        builtin: [
          policyFrom(
            `${HEADER}dataClasses:\n  pii: { columns: [email] }\nrules:\n  - id: r\n    effect: warn\n`,
          ),
          policyFrom(`${HEADER}dataClasses:\n  pii: { tables: [people], columns: [phone] }\n`, 'b.yaml'),
        ],
      },
      true,
    );
    const f = finding('copy-to-program-or-file', 'exfiltration', {
      read: ['people'],
      columnsRead: [col('email', 'people'), col('phone', 'people'), col('id', 'people')],
    });
    const judged = evaluate(set, [f], ctx('production')).findings[0];
    assert.deepEqual(judged?.dataClasses, ['pii']);
    assert.deepEqual(judged?.dataClassMatches, [
      { dataClass: 'pii', tables: ['people'], columns: [col('email', 'people'), col('phone', 'people')] },
    ]);
    const plain = evaluate(set, [finding('x', 'exfiltration', { read: ['orders'] })], ctx('production'));
    assert.equal(plain.findings[0]?.dataClassMatches, undefined);
  });
});

const ctx = (environment: string): Context => ({
  environment,
  environmentReason: 'test',
  actor: { type: 'agent', name: 'claude-code' },
  actorReason: 'test',
});

describe('policy rules match data classes found through columns', () => {
  const set = createPolicySet(
    {
      builtin: [
        policyFrom(`${HEADER}dataClasses:
  pii: { columns: [email, 'accounts.ssn'] }
rules:
  - id: pii-out
    match: { dataClass: pii, category: exfiltration }
    effect: deny
  - id: other-out
    match: { category: exfiltration }
    effect: ask
`),
      ],
    },
    true,
  );
  it('a synthetic finding whose statement reads a classified column is in the class', () => {
    const copy = finding('copy-to-program-or-file', 'exfiltration', {
      statementKind: 'COPY',
      read: ['people'],
      columnsRead: [col('email', 'people')],
    });
    const d = evaluate(set, [copy], ctx('production'));
    assert.deepEqual([d.effect, d.findings[0]?.dataClasses], ['deny', ['pii']]);
    const plain = finding('copy-to-program-or-file', 'exfiltration', {
      statementKind: 'COPY',
      read: ['people'],
      columnsRead: [col('id', 'people'), col('*', 'people')],
    });
    assert.deepEqual(evaluate(set, [plain], ctx('production')).effect, 'ask');
  });
});

describe('judged end to end: columns of real SQL classify findings', () => {
  let p: Parsers;
  before(async () => {
    p = await parsers();
  });
  const workspace = `${HEADER}dataClasses:
  pii: { columns: [email, ssn, 'members.date_of_birth'] }
rules:
  - id: agents-never-export-pii
    match: { actor: agent, category: exfiltration, dataClass: pii }
    effect: deny
`;
  const agent = { type: 'agent' as const, name: 'claude-code' };
  const run = (text: string, kind: 'shell' | 'sql' = 'shell', dialect?: 'mysql') =>
    judge(
      p,
      setWithWorkspace([workspace], true),
      { kind, text, ...(dialect ? { dialect } : {}) },
      { actor: agent },
    ).decision;

  it('COPY of a query selecting email and ssn from production, through psql -c, is denied', () => {
    const d = run(
      `psql -h prod-db.internal -c "COPY (SELECT email, ssn FROM people) TO STDOUT" > people.csv`,
    );
    assert.equal(d.environment, 'production');
    assert.equal(d.effect, 'deny');
    // `> people.csv` overwrites a workspace file: a file-destroy finding the default policy allows.
    assert.deepEqual(
      d.matched.filter((m) => m.effect !== 'allow').map((m) => m.rule),
      ['agents-never-export-pii'],
    );
    assert.deepEqual(d.findings.find((f) => f.ruleId === 'copy-to-program-or-file')?.dataClasses, ['pii']);
  });

  it('the same export of unclassified columns falls through to the built-in policy (ask)', () => {
    const d = run(`psql -h prod-db.internal -c "COPY (SELECT id, created_at FROM people) TO STDOUT"`);
    assert.equal(d.effect, 'ask');
    assert.deepEqual(
      d.matched.map((m) => m.rule),
      ['prod-agent-ask-transfer'],
    );
    assert.deepEqual(d.findings[0]?.dataClasses, []);
  });

  it('MySQL SELECT … INTO OUTFILE of a classified column, through mysql -e, is in the class', () => {
    const d = run(`mysql -h prod-db -e "SELECT c.email INTO OUTFILE '/tmp/c.csv' FROM shop.clients c"`);
    const f = d.findings.find((x) => x.ruleId === 'select-into-outfile');
    assert.deepEqual(f?.dataClasses, ['pii']);
    assert.equal(d.effect, 'deny');
  });

  it('COPY of a whole table matches a pattern that names the table, not a bare column pattern', () => {
    // `members` and `orders` are in no table list (the built-in pii tables include `accounts`).
    const whole = run(`COPY members TO STDOUT`, 'sql');
    assert.deepEqual(whole.findings[0]?.dataClasses, ['pii']);
    const other = run(`COPY orders TO STDOUT`, 'sql');
    assert.deepEqual(other.findings[0]?.dataClasses, []);
  });
});

describe('embedded policy tests (railguard test) can rely on column matching', () => {
  it('a workspace policy whose tests need column classes passes them with the engine as judge', async () => {
    const p = await parsers();
    const yaml = `${HEADER}dataClasses:
  pii: { columns: [email, 'members.ssn'] }
rules:
  - id: no-pii-export
    match: { actor: agent, category: exfiltration, dataClass: pii }
    effect: deny
tests:
  - name: exporting email addresses is denied
    input: { kind: sql, text: "COPY (SELECT name, email FROM people) TO '/tmp/p.csv';", actor: 'agent:codex' }
    expect: { effect: deny, matched: [no-pii-export] }
  - name: exporting a whole table whose ssn column is classified is denied
    input: { kind: sql, text: 'COPY members TO STDOUT;', actor: 'agent:codex' }
    expect: { effect: deny, matched: [no-pii-export] }
  - name: exporting unclassified columns is not this rule's business
    input: { kind: sql, text: 'COPY (SELECT id FROM people) TO STDOUT;', actor: 'agent:codex' }
    expect: { effect: warn, matched: [warn-other-findings] }
`;
    const set = setWithWorkspace([yaml], true);
    const results = runPolicyTests(
      set.entries.filter((e) => e.origin === 'workspace').map((e) => e.policy)[0] ?? set,
      policyTestJudge(p, set),
    );
    assert.equal(results.length, 3);
    for (const r of results) assert.ok(r.passed, `${r.name}: ${JSON.stringify(r)}`);
  });
});
