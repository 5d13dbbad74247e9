import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dumpedTables,
  dumpStatementFacts,
  psqlPatternToGlob,
} from '../../../server/src/core/shell/dump-tables';
import { analyze } from './helpers';

/** The tables of the first dump command in `text`. */
async function tables(text: string): Promise<string[] | undefined> {
  const a = await analyze(text);
  for (const c of a.commands) {
    const t = dumpedTables(c);
    if (t !== undefined) return t;
  }
  return undefined;
}

describe('dumpedTables: the tables a dump holds rows of, from its command line', () => {
  const cases: [string, string[] | undefined][] = [
    // pg_dump: -t patterns win over -n schemas; neither means the whole database.
    ['pg_dump -t users -h prod-db app', ['users']],
    ['pg_dump --table=public.users --table customers app', ['public.users', 'customers']],
    ["pg_dump -t 'public.user*' -n crm app", ['public.user*']],
    ['pg_dump -n crm -n billing app', ['crm.*', 'billing.*']],
    ['pg_dump --table-and-children=events app', ['events']],
    ['pg_dump -h prod-db app', ['*']],
    ['pg_dump -Fc -f app.dump app', ['*']],
    ['pg_dump -t "$TABLE" app', ['*']],
    ['pg_dump --filter=tables.txt app', ['*']],
    // Definitions only: no rows.
    ['pg_dump -s app', []],
    ['pg_dump --schema-only -t users app', []],
    ['pg_dumpall', ['*']],
    ['pg_dumpall -t', []],
    ['pg_dumpall --globals-only', []],
    // pg_restore writing a script: -t names within -n schemas.
    ['pg_restore -t users backup.dump', ['users']],
    ['pg_restore -n crm -t customers backup.dump', ['crm.customers']],
    ['pg_restore -n crm backup.dump', ['crm.*']],
    ['pg_restore -I users_email_idx backup.dump', []],
    ['pg_restore backup.dump', ['*']],
    ['pg_restore -d app backup.dump', undefined],
    // mysqldump / mariadb-dump: DB [TABLE…], --databases, --all-databases, --tables.
    ['mysqldump -h prod app users customers', ['app.users', 'app.customers']],
    ['mysqldump --single-transaction -uroot -psecret shop', ['shop.*']],
    ['mysqldump --databases shop crm', ['shop.*', 'crm.*']],
    ['mysqldump -B shop --tables users', ['shop.users']],
    ['mysqldump --all-databases', ['*']],
    ['mysqldump -A --no-data', []],
    ['mariadb-dump -d shop users', []],
    ['mysqldump "$DB" users', ['users']],
    // mongodump / mongoexport: DB.COLLECTION.
    ['mongodump --db app --collection users --archive', ['app.users']],
    ['mongoexport --uri mongodb://prod-db/app -c customers', ['app.customers']],
    ['mongodump --uri mongodb://prod-db/app --archive', ['app.*']],
    ['mongodump --archive', ['*']],
    // Not a dump, or no tables.
    ['redis-cli -h cache --rdb -', undefined],
    ["psql -c 'SELECT 1'", undefined],
    ['pg_dump --version', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`${text} ⇒ ${expected === undefined ? 'no tables' : JSON.stringify(expected)}`, async () =>
      assert.deepEqual(await tables(text), expected));
  }

  it('psql patterns become table globs (app-psql.html "Patterns")', () => {
    assert.equal(psqlPatternToGlob('Users'), 'users');
    assert.equal(psqlPatternToGlob('"Users"'), 'Users');
    assert.equal(psqlPatternToGlob('"my.table"'), 'my.table');
    assert.equal(psqlPatternToGlob('app.public.users'), 'public.users');
    assert.equal(psqlPatternToGlob('public.user?'), 'public.user?');
    assert.equal(psqlPatternToGlob('public.t[0-9]'), 'public.*');
    assert.equal(psqlPatternToGlob('(a|b)s.users'), '*.users');
    assert.equal(psqlPatternToGlob('"say ""hi"""'), 'say "hi"');
    assert.equal(psqlPatternToGlob(undefined), '*');
  });

  it('the facts of a dump: SELECT of every column of each dumped table', async () => {
    const cmd = (await analyze('pg_dump -t users -t orders app')).commands[0];
    assert.ok(cmd);
    assert.deepEqual(dumpStatementFacts(cmd), {
      statementKind: 'SELECT',
      tablesRead: ['users', 'orders'],
      tablesWritten: [],
      columnsRead: [
        { table: 'users', name: '*' },
        { table: 'orders', name: '*' },
      ],
      columnsWritten: [],
      objectKinds: ['table'],
      sinks: [],
    });
    const schemaOnly = (await analyze('pg_dump -s app')).commands[0];
    assert.ok(schemaOnly);
    assert.equal(dumpStatementFacts(schemaOnly), undefined);
  });
});
