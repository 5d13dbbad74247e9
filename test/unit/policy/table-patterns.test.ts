import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnMatches, dataClassMatches, globsOverlap, tableMatches } from '../../../server/src/core/policy';

describe('globsOverlap: some value matches both globs', () => {
  const cases: [string, string, boolean][] = [
    ['users', 'users', true],
    ['users', 'USERS', true],
    ['users', 'orders', false],
    ['user*', '*s', true],
    ['user?', 'users', true],
    ['user?', 'user', false],
    ['*', 'anything.at.all', true],
    ['', '*', true],
    ['', '?', false],
    ['a*b', 'c*', false],
    ['*a*', '*b*', true],
    ['public.*', '*.users', true],
    ['crm.*', 'public.users', false],
    ['a?c', 'ab*', true],
    ['a*c*e', 'abcde', true],
    ['a*c*e', 'abxde', false],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} and ${b}: ${expected}`, () => {
      assert.equal(globsOverlap(a, b), expected);
      assert.equal(globsOverlap(b, a), expected);
    });
  }
});

describe('tableMatches: a dump fact that is itself a pattern', () => {
  // [class table glob, dumped table pattern, matches]
  const cases: [string, string, boolean][] = [
    // A whole database (`*`) holds every table: any class pattern, any schema.
    ['users', '*', true],
    ['*.customers', '*', true],
    ['crm.customers', '*', true],
    // A schema (`pg_dump -n crm`, `mysqldump crm`): its tables, of any name.
    ['users', 'crm.*', true],
    ['crm.customers', 'crm.*', true],
    ['public.users', 'crm.*', false],
    // A pattern of names (`pg_dump -t 'public.user*'`).
    ['users', 'public.user*', true],
    ['accounts', 'public.user*', false],
    ['public.users', 'user*', true],
    // Literal facts are unchanged.
    ['users', 'public.users', true],
    ['crm.customers', 'public.customers', false],
  ];
  for (const [pattern, table, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${table}`, () =>
      assert.equal(tableMatches(pattern, table), expected));
  }

  it('every column (`*`) of a table pattern matches any column pattern whose table could be dumped', () => {
    const all = { table: '*', name: '*' };
    assert.equal(columnMatches('accounts.ssn', all), true);
    assert.equal(columnMatches('ssn', all), true);
    assert.equal(columnMatches('*.ssn', all), true);
    assert.equal(columnMatches('crm.accounts.ssn', { table: 'public.*', name: '*' }), false);
    assert.equal(columnMatches('ssn', { table: 'crm.*', name: '*' }), true);
    // A literal table keeps the `SELECT *` rule: only a pattern naming that table matches.
    assert.equal(columnMatches('ssn', { table: 'accounts', name: '*' }), false);
    assert.equal(columnMatches('accounts.ssn', { table: 'accounts', name: '*' }), true);
  });

  it('data classes of a whole-database dump: every class; of one table: as SELECT * of it', () => {
    const classes = {
      pii: { tables: ['users'], columns: ['email'] },
      finance: { columns: ['ledger.amount'] },
      health: { columns: ['diagnosis'] },
    };
    const all = { table: '*', name: '*' };
    assert.deepEqual(dataClassMatches(classes, ['*'], [all]), [
      { dataClass: 'finance', tables: [], columns: [all] },
      { dataClass: 'health', tables: [], columns: [all] },
      { dataClass: 'pii', tables: ['*'], columns: [all] },
    ]);
    const orders = { table: 'shop.orders', name: '*' };
    assert.deepEqual(dataClassMatches(classes, ['shop.orders'], [orders]), []);
    const ledger = { table: 'ledger', name: '*' };
    assert.deepEqual(dataClassMatches(classes, ['ledger'], [ledger]), [
      { dataClass: 'finance', tables: [], columns: [ledger] },
    ]);
  });
});
