import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { judge } from '../../../server/src/core/judge';
import type { Parsers } from '../../../server/src/core/parsers';
import type { PolicySet } from '../../../server/src/core/policy/model';
import { analyzeShell } from '../../../server/src/core/shell/analyze';
import { compareVersions, sectionText } from '../../../server/src/core/shell/migration-layouts';
import type { MigrationSql } from '../../../server/src/core/shell/model';
import { actionDirLister, actionFileReader } from '../../../server/src/runtime/read-action-file';
import { builtinPolicies, CORPUS, NEEDS_CORPUS, parsers } from '../../helpers/parsers';
import { mapLister, WORKSPACE, workspaceJudge } from '../../helpers/workspace-judge';

const DROP = 'DROP TABLE users;\n';
const CREATE = 'CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz NOT NULL);\n';

/**
 * Migration runners are judged by the migrations they apply (every case here was allowed in
 * production before: the runner was judged by its name only). The workspace of each case holds an
 * older migration that is harmless and a newest one that drops a table.
 */
const RUNNERS: { name: string; text: string; files: Record<string, string> }[] = [
  {
    name: 'golang-migrate -path',
    text: 'migrate -path ./migrations -database "$DATABASE_URL" up',
    files: {
      'migrations/000001_init.up.sql': CREATE,
      'migrations/000001_init.down.sql': 'DROP TABLE audit_log;',
      'migrations/000042_cleanup.up.sql': DROP,
      'migrations/000042_cleanup.down.sql': CREATE,
    },
  },
  {
    name: 'golang-migrate -source file://',
    text: 'migrate -source file://db/migrations -database postgres://prod-db/app up 1',
    files: { 'db/migrations/1_a.up.sql': CREATE, 'db/migrations/2_b.up.sql': DROP },
  },
  {
    name: 'goose with driver and DSN',
    text: 'goose -dir migrations postgres "$DATABASE_URL" up',
    files: {
      'migrations/20240101000000_a.sql': `-- +goose Up\n${CREATE}-- +goose Down\nDROP TABLE audit_log;\n`,
      'migrations/20240301000000_b.sql': `-- +goose Up\n${DROP}\n-- +goose Down\n${CREATE}`,
    },
  },
  {
    name: 'goose in the current folder by default',
    text: 'GOOSE_DRIVER=postgres goose up-by-one',
    files: { '00002_b.sql': `-- +goose Up\n${DROP}` },
  },
  {
    name: 'dbmate (default db/migrations)',
    text: 'dbmate up',
    files: {
      'db/migrations/20240101000000_a.sql': `-- migrate:up\n${CREATE}\n-- migrate:down\n`,
      'db/migrations/20240301000000_b.sql': `-- migrate:up\n${DROP}\n-- migrate:down\n`,
    },
  },
  {
    name: 'dbmate --migrations-dir',
    text: 'dbmate --migrations-dir sql/migrations migrate',
    files: { 'sql/migrations/20240301000000_b.sql': `-- migrate:up\n${DROP}` },
  },
  {
    name: 'sqlx (default migrations/, simple files)',
    text: 'sqlx migrate run',
    files: { 'migrations/20240101000000_a.sql': CREATE, 'migrations/20240301000000_b.sql': DROP },
  },
  {
    name: 'cargo sqlx --source, reversible files',
    text: 'cargo sqlx migrate run --source db/migrations',
    files: {
      'db/migrations/2_b.up.sql': DROP,
      'db/migrations/2_b.down.sql': CREATE,
      'db/migrations/1_a.up.sql': CREATE,
    },
  },
  {
    name: 'diesel',
    text: 'diesel migration run',
    files: {
      'migrations/00000000000000_diesel_initial_setup/up.sql': CREATE,
      'migrations/2024-03-01-000000_cleanup/up.sql': DROP,
      'migrations/2024-03-01-000000_cleanup/down.sql': CREATE,
    },
  },
  {
    name: 'diesel --migration-dir',
    text: 'diesel migration run --migration-dir db/m',
    files: { 'db/m/2024-03-01-000000_cleanup/up.sql': DROP },
  },
  {
    name: 'prisma migrate deploy',
    text: 'npx prisma migrate deploy',
    files: {
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql': CREATE,
      'prisma/migrations/20240301000000_cleanup/migration.sql': 'DROP TABLE "users";\n',
    },
  },
  {
    name: 'prisma --schema moves the folder',
    text: 'pnpm prisma migrate deploy --schema db/schema.prisma',
    files: { 'db/migrations/20240301000000_cleanup/migration.sql': DROP },
  },
  {
    name: 'flyway (default sql/)',
    text: 'flyway -url=jdbc:postgresql://prod-db/app migrate',
    files: { 'sql/V1_1__init.sql': CREATE, 'sql/V2__cleanup.sql': DROP },
  },
  {
    name: 'flyway -locations=filesystem:',
    text: 'flyway -locations=filesystem:db/sql migrate',
    files: { 'db/sql/V1__init.sql': CREATE, 'db/sql/V1.10__cleanup.sql': DROP, 'db/sql/V1.9__x.sql': CREATE },
  },
  {
    name: 'flyway repeatable',
    text: 'flyway migrate',
    files: { 'sql/V3__init.sql': CREATE, 'sql/R__refresh.sql': DROP },
  },
  {
    name: 'drizzle-kit migrate (default drizzle/)',
    text: 'npx drizzle-kit migrate',
    files: { 'drizzle/0000_init.sql': CREATE, 'drizzle/0001_cleanup.sql': DROP },
  },
  {
    name: "drizzle-kit migrate, the config's out folder",
    text: 'bunx drizzle-kit migrate',
    files: {
      'drizzle.config.ts':
        "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema.ts', out: './db/out' });\n",
      'db/out/0001_cleanup.sql': DROP,
    },
  },
];

describe('migration runners are judged by the migrations they apply', () => {
  let p: Parsers;
  let set: PolicySet;
  let decide: ReturnType<typeof workspaceJudge>;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
    decide = workspaceJudge(p, set);
  });

  /** The migrations recorded on the commands of `text` run in a workspace of `files`. */
  const migrations = (text: string, files: Record<string, string>): MigrationSql[] =>
    analyzeShell(p, text, {
      cwd: WORKSPACE,
      readFile: (f) => files[path.relative(WORKSPACE, f)],
      listDir: mapLister(WORKSPACE, files),
    }).commands.flatMap((c) => c.migrations ?? []);

  describe('the newest migration on disk', () => {
    for (const r of RUNNERS) {
      it(`${r.name}: ${r.text}`, () => {
        const d = decide(r.text, r.files);
        assert.equal(d.effect, 'deny', d.rules.join());
        assert.ok(d.rules.includes('drop-table'), d.rules.join());
      });
    }

    it('only the newest is judged: an older, applied migration that dropped a table is not', () => {
      const files = { 'migrations/1_a.up.sql': DROP, 'migrations/2_b.up.sql': CREATE };
      const d = decide('migrate -path migrations up', files);
      assert.equal(d.effect, 'allow', d.rules.join());
      assert.deepEqual(
        migrations('migrate -path migrations up', files).map((m) => path.basename(m.file)),
        ['2_b.up.sql'],
      );
    });

    it('versions are compared as numbers (golang-migrate 10 after 9), Flyway parts one by one', () => {
      const files = { 'migrations/9_a.up.sql': CREATE, 'migrations/10_b.up.sql': DROP };
      assert.equal(decide('migrate -path migrations up', files).effect, 'deny');
      assert.ok(compareVersions('dotted', '1.10', '1.9') > 0);
      assert.ok(compareVersions('dotted', '2', '1_9') > 0);
      assert.ok(compareVersions('digits', '20260703000000000000', '20260616000000000000') > 0);
    });

    it('only the Up section of goose and dbmate files is applied', () => {
      const goose = { 'm/1_a.sql': `-- +goose Up\n${CREATE}\n-- +goose Down\n${DROP}` };
      assert.equal(decide('goose -dir m postgres "$DSN" up', goose).effect, 'allow');
      const dbmate = { 'db/migrations/1_a.sql': `-- migrate:up\n${CREATE}\n-- migrate:down\n${DROP}` };
      assert.equal(decide('dbmate up', dbmate).effect, 'allow');
    });

    it('a goose file without an Up annotation runs nothing (goose refuses it)', () => {
      assert.equal(
        sectionText(DROP, { up: /^--\s*\+goose\s+up\b/i, down: /^--\s*\+goose\s+down\b/i }, 'up'),
        '',
      );
      assert.equal(decide('goose -dir m up', { 'm/1_a.sql': DROP }).effect, 'allow');
    });

    it('a folder reached by cd earlier on the line', () => {
      const files = { 'backend/prisma/migrations/20240301000000_x/migration.sql': DROP };
      const d = decide('cd backend && npx prisma migrate deploy', files);
      assert.equal(d.effect, 'deny', d.rules.join());
      assert.equal(decide('cd "$DIR" && npx prisma migrate deploy', files).effect, 'allow');
    });

    it('findings name the file and its line', () => {
      const files: Record<string, string> = {
        'db/migrations/2_b.sql': `-- migrate:up\n\n${DROP}-- migrate:down\n`,
      };
      const j = judge(
        p,
        set,
        { kind: 'shell', text: 'dbmate up', cwd: WORKSPACE },
        { actor: { type: 'agent', name: 'claude-code' }, explicitEnvironment: 'production' },
        { readFile: (f) => files[path.relative(WORKSPACE, f)], listDir: mapLister(WORKSPACE, files) },
      );
      const drop = j.analysis.findings.find((f) => f.ruleId === 'drop-table');
      assert.match(drop?.message ?? '', /^\/work\/app\/db\/migrations\/2_b\.sql:3:12: /);
    });
  });

  describe('migrations the same text wrote', () => {
    it('a migration written by a heredoc and applied is judged (the folder holds nothing else)', () => {
      const d = decide(
        'cat > migrations/000043_cleanup.up.sql <<\'EOF\'\nDROP TABLE users;\nEOF\nmigrate -path migrations -database "$DATABASE_URL" up',
      );
      assert.equal(d.effect, 'deny', d.rules.join());
    });

    it('a written migration older than the newest on disk is judged too', () => {
      const d = decide("echo 'DROP TABLE users;' > sql/V1_5__x.sql && flyway migrate", {
        'sql/V2__init.sql': CREATE,
      });
      assert.equal(d.effect, 'deny', d.rules.join());
    });

    it('a Diesel migration folder written with printf', () => {
      const d = decide(
        "printf 'DROP TABLE users;' > migrations/2024-05-01-000000_x/up.sql; diesel migration run",
      );
      assert.equal(d.effect, 'deny', d.rules.join());
    });

    it('a migration written with content known only at run time is unknown: ask', () => {
      const d = decide('echo "$SQL" > migrations/5_x.up.sql; migrate -path migrations up');
      assert.equal(d.effect, 'ask', d.rules.join());
      assert.ok(d.rules.includes('opaque-execution'), d.rules.join());
    });

    it('run through a package.json script', () => {
      const d = decide('npm run db:migrate', {
        'package.json': JSON.stringify({ scripts: { 'db:migrate': 'dbmate -d db/sql up' } }),
        'db/sql/20240301000000_b.sql': `-- migrate:up\n${DROP}`,
      });
      assert.equal(d.effect, 'deny', d.rules.join());
    });
  });

  describe('down, rollback and redo judge the newest Down part, keeping the verb finding', () => {
    const cases: [string, Record<string, string>][] = [
      [
        'migrate -path migrations down 1',
        { 'migrations/1_a.up.sql': CREATE, 'migrations/1_a.down.sql': DROP },
      ],
      ['goose -dir m down', { 'm/1_a.sql': `-- +goose Up\n${CREATE}-- +goose Down\n${DROP}` }],
      ['goose -dir m redo', { 'm/1_a.sql': `-- +goose Up\n${CREATE}-- +goose Down\n${DROP}` }],
      ['dbmate rollback', { 'db/migrations/1_a.sql': `-- migrate:up\n${CREATE}-- migrate:down\n${DROP}` }],
      ['sqlx migrate revert', { 'migrations/1_a.up.sql': CREATE, 'migrations/1_a.down.sql': DROP }],
      [
        'diesel migration revert',
        { 'migrations/2024-01-01-000000_a/up.sql': CREATE, 'migrations/2024-01-01-000000_a/down.sql': DROP },
      ],
      [
        'diesel migration redo',
        { 'migrations/2024-01-01-000000_a/up.sql': CREATE, 'migrations/2024-01-01-000000_a/down.sql': DROP },
      ],
      ['flyway undo', { 'sql/V1__a.sql': CREATE, 'sql/U1__a.sql': DROP }],
    ];
    for (const [text, files] of cases) {
      it(text, () => {
        const d = decide(text, files);
        assert.equal(d.effect, 'deny', d.rules.join());
        assert.ok(d.rules.includes('drop-table'), d.rules.join());
        assert.ok(text === 'flyway undo' || d.rules.includes('destructive-tool-verb'), d.rules.join());
      });
    }

    it('a down runner does not judge the Up part', () => {
      const files = { 'migrations/1_a.up.sql': DROP, 'migrations/1_a.down.sql': CREATE };
      assert.deepEqual(
        migrations('migrate -path migrations down 1', files).map((m) => [path.basename(m.file), m.part]),
        [['1_a.down.sql', 'down']],
      );
    });
  });

  describe('dialect', () => {
    const one = { 'm/1_a.up.sql': 'ALTER TABLE users DROP COLUMN email;' };
    for (const [text, files, dialect] of [
      ['migrate -path m -database mysql://u@prod-db/app up', one, 'mysql'],
      ['migrate -path m -database "pgx5://prod-db/app" up', one, 'postgresql'],
      ['DATABASE_URL=sqlite3://app.db migrate -path m up', one, 'sqlite'],
      ['goose -dir m mysql "user:pw@/app" up', { 'm/1_a.sql': '-- +goose Up\nSELECT 1;' }, 'mysql'],
      ['GOOSE_DRIVER=sqlite3 goose -dir m up', { 'm/1_a.sql': '-- +goose Up\nSELECT 1;' }, 'sqlite'],
      ['migrate -path m up', { 'm/1_a.mysql.up.sql': 'SELECT 1;' }, 'mysql'],
      [
        'prisma migrate deploy',
        {
          'prisma/migrations/migration_lock.toml': 'provider = "mysql"\n',
          'prisma/migrations/20240101000000_a/migration.sql': 'SELECT 1;',
        },
        'mysql',
      ],
      ['flyway -url=jdbc:mysql://prod-db/app migrate', { 'sql/V1__a.sql': 'SELECT 1;' }, 'mysql'],
      ['sqlx migrate run', { 'migrations/1_a.sql': 'SELECT 1;' }, 'postgresql'],
    ] as const) {
      it(`${text} ⇒ ${dialect}`, () => {
        assert.deepEqual(
          migrations(text, files).map((m) => m.dialect),
          [dialect],
        );
      });
    }
  });

  describe('benign commands and migrations are unaffected', () => {
    const FILES = {
      'migrations/1_a.up.sql': DROP,
      'migrations/1_a.down.sql': DROP,
      'db/migrations/1_a.sql': `-- migrate:up\n${DROP}`,
      'm/1_a.sql': `-- +goose Up\n${DROP}`,
      'prisma/migrations/20240101000000_a/migration.sql': DROP,
    };
    for (const text of [
      'migrate create -ext sql -dir migrations -seq add_users',
      'migrate -path migrations -database "$DATABASE_URL" version',
      'goose -dir m status',
      'goose -dir m create add_users sql',
      'dbmate new add_users',
      'dbmate status',
      'sqlx migrate run --dry-run',
      'sqlx migrate add add_users',
      'prisma migrate dev --create-only',
      'prisma migrate status',
      'migrate -path migrations up --help',
    ]) {
      it(text, () => {
        assert.equal(decide(text, FILES).effect, 'allow');
        assert.deepEqual(migrations(text, FILES), []);
      });
    }

    it('a newest migration that only adds a nullable column with a lock timeout is allowed', () => {
      const files = {
        'migrations/1_a.up.sql': DROP,
        'migrations/2_b.up.sql': "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n",
      };
      assert.equal(decide('migrate -path migrations up', files).effect, 'allow');
    });

    it('a newest migration creating a table is allowed', () => {
      assert.equal(decide('sqlx migrate run', { 'migrations/3_c.sql': CREATE }).effect, 'allow');
    });

    it('a folder that cannot be listed or holds no migration: judged as before', () => {
      assert.equal(decide('migrate -path migrations up').effect, 'allow');
      assert.equal(decide('dbmate up', { 'db/migrations/README.md': DROP }).effect, 'allow');
    });
  });
});

/** Real migrations (Lemmy's Diesel folders, Kratos' golang-migrate files) copied to a real folder. */
describe('real migrations on disk', { skip: NEEDS_CORPUS }, () => {
  let p: Parsers;
  let set: PolicySet;
  let ws: string;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-migrations-'));
    const lemmy = path.join(CORPUS, 'migrations/LemmyNet__lemmy/migrations');
    for (const m of ['2019-02-26-002946_create_user', '2019-02-27-170003_create_community']) {
      fs.cpSync(path.join(lemmy, m), path.join(ws, 'migrations', m), { recursive: true });
    }
    const kratos = path.join(CORPUS, 'migrations/ory__kratos/persistence/sql/migrations/sql');
    fs.mkdirSync(path.join(ws, 'kratos'));
    for (const f of fs.readdirSync(kratos).filter((n) => /^2026050600000000000[0-9]_/.test(n))) {
      fs.copyFileSync(path.join(kratos, f), path.join(ws, 'kratos', f));
    }
  });

  const run = (text: string, environment = 'production') =>
    judge(
      p,
      set,
      { kind: 'shell', text, cwd: ws },
      { actor: { type: 'agent', name: 'claude-code' }, explicitEnvironment: environment },
      { readFile: actionFileReader(ws), listDir: actionDirLister(ws) },
    );

  /** The migrations recorded on the commands of a judgement. */
  const applied = (j: ReturnType<typeof run>): MigrationSql[] =>
    (j.analysis.shell?.commands ?? []).flatMap((c) => c.migrations ?? []);

  it("diesel migration run judges the newest Lemmy migration's up.sql only", () => {
    const j = run('diesel migration run');
    assert.deepEqual(
      applied(j).map((m) => m.file),
      [path.join(ws, 'migrations/2019-02-27-170003_create_community/up.sql')],
    );
    assert.ok(j.analysis.sql.length > 0);
    assert.ok(!j.analysis.findings.some((f) => f.category === 'data-loss'));
  });

  it('diesel migration revert judges its down.sql: drops the tables it created', () => {
    const j = run('diesel migration revert', 'development');
    assert.ok(j.analysis.findings.some((f) => f.ruleId === 'drop-table'));
    assert.equal(run('diesel migration revert').decision.effect, 'deny');
  });

  it('golang-migrate up with Kratos files: each newest file in the dialect its name says', () => {
    const j = run('migrate -path kratos -database "$DSN" up');
    const dialects = applied(j)
      .map((m) => [path.basename(m.file), m.dialect])
      .sort();
    assert.deepEqual(dialects, [
      ['20260506000000000000_add_internal_context_to_recovery_verification_flows.mysql.up.sql', 'mysql'],
      [
        '20260506000000000000_add_internal_context_to_recovery_verification_flows.postgres.up.sql',
        'postgresql',
      ],
    ]);
  });
});
