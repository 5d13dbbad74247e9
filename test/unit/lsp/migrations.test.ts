import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { recogniseMigration } from '../../../server/src/lsp/migrations';
import { CORPUS, NEEDS_CORPUS } from '../../helpers/parsers';

describe('recogniseMigration', () => {
  const cases: [string, ReturnType<typeof recogniseMigration>][] = [
    ['prisma/migrations/20240101000000_init/migration.sql', { layout: 'prisma', direction: 'up' }],
    ['migrations/2020-07-12-100442_add_post/down.sql', { layout: 'diesel', direction: 'down' }],
    ['db/migrations/000001_create_users.up.sql', { layout: 'golang-migrate', direction: 'up' }],
    ['sql/20221214101328000000_identity.mysql.down.sql', { layout: 'golang-migrate', direction: 'down' }],
    ['src/main/resources/db/migration/V1_2__add_index.sql', { layout: 'flyway', direction: 'up' }],
    ['db/migration/U3__undo.sql', { layout: 'flyway', direction: 'down' }],
    ['C:\\app\\db\\migrate\\001_users.sql', { layout: 'rails', direction: 'up' }],
    ['app/migrations/0002_raw.sql', { layout: 'migrations-folder', direction: 'up' }],
    ['queries/report.sql', undefined],
    ['migrations/README.md', undefined],
  ];
  for (const [file, expected] of cases) {
    it(file, () => assert.deepEqual(recogniseMigration(file), expected));
  }

  it('recognises every SQL file of the corpus migrations', { skip: NEEDS_CORPUS }, () => {
    const root = path.join(CORPUS, 'migrations');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.sql'));
    assert.ok(files.length > 1000);
    const missed = files.filter((f) => recogniseMigration(path.join(root, f)) === undefined);
    assert.deepEqual(missed.slice(0, 5), []);
  });
});
