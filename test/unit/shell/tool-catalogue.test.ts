import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAction } from '../../../server/src/core/engine';
import { analyzeShell } from '../../../server/src/core/shell/analyze';
import { commandFacts } from '../../../server/src/core/shell/facts';
import type { ShellAnalysis } from '../../../server/src/core/shell/model';
import {
  HTTP_API_CATALOGUE,
  matchHttp,
  matchMigrationRun,
  matchTool,
  TOOL_CATALOGUE,
  TOOL_FAMILIES,
  toolTargetSignals,
} from '../../../server/src/core/shell/tool-catalogue';
import { launched } from '../../../server/src/core/shell/tool-catalogue/launchers';
import { parsers } from '../../helpers/parsers';

async function analyze(text: string): Promise<ShellAnalysis> {
  return analyzeShell(await parsers(), text);
}

/** Every catalogue match on any command of `text`: `entry id / verb path`. */
async function matches(text: string): Promise<{ entry: string; verb: string; command: string }[]> {
  const a = await analyze(text);
  return a.commands.flatMap((c) => {
    const m = matchTool(TOOL_CATALOGUE, c, a);
    return m ? [{ entry: m.entry.id, verb: m.verb.path.join(' '), command: m.command }] : [];
  });
}

describe('tool catalogue data', () => {
  it('has unique ids, known families and sources on every entry', () => {
    const ids = [...TOOL_CATALOGUE.map((e) => e.id), ...HTTP_API_CATALOGUE.map((e) => e.id)];
    assert.equal(new Set(ids).size, ids.length, 'duplicate entry ids');
    for (const e of [...TOOL_CATALOGUE, ...HTTP_API_CATALOGUE]) {
      assert.ok(TOOL_FAMILIES.includes(e.family), `${e.id}: family`);
      assert.ok(e.sources.length > 0, `${e.id}: sources`);
      assert.ok(
        e.sources.some((s) => s.startsWith('https://')),
        `${e.id}: a documentation page`,
      );
      assert.ok(e.safe.length > 0, `${e.id}: harmless neighbours`);
    }
  });

  it('covers every family with tool entries', () => {
    for (const f of TOOL_FAMILIES)
      assert.ok(
        TOOL_CATALOGUE.some((e) => e.family === f),
        f,
      );
  });

  for (const entry of TOOL_CATALOGUE) {
    describe(`${entry.family}: ${entry.id}`, () => {
      for (const verb of entry.verbs) {
        it(`verb ${verb.path.join(' ') || '(script)'} matches its example: ${verb.example}`, async () => {
          const a = await analyze(verb.example);
          const found = a.commands.map((c) => matchTool(TOOL_CATALOGUE, c, a)).find((m) => m !== undefined);
          assert.equal(found?.entry.id, entry.id);
          assert.equal(found?.verb, verb, `matched ${found?.verb.path.join(' ')} instead`);
        });
      }
      for (const code of entry.safe) {
        it(`harmless neighbour stays quiet: ${code}`, async () => {
          assert.deepEqual(await matches(code), []);
        });
      }
      for (const runner of entry.migrationRunners ?? []) {
        it(`migration runner ${runner.path.join(' ')} (${runner.direction}) matches its example: ${runner.example}`, async () => {
          const a = await analyze(runner.example);
          const found = a.commands
            .map((c) => matchMigrationRun(TOOL_CATALOGUE, c, a))
            .find((m) => m !== undefined);
          assert.equal(found?.entry.id, entry.id);
          assert.equal(found?.runner, runner, `matched ${found?.runner.path.join(' ')} instead`);
        });
      }
    });
  }

  for (const entry of HTTP_API_CATALOGUE) {
    describe(`${entry.family} API: ${entry.id}`, () => {
      it(`matches its example: ${entry.example}`, async () => {
        const a = await analyze(entry.example);
        const found = a.commands.flatMap((c) => matchHttp(HTTP_API_CATALOGUE, c));
        assert.equal(found[0]?.entry.id, entry.id);
      });
      for (const code of entry.safe) {
        it(`harmless neighbour stays quiet: ${code}`, async () => {
          const a = await analyze(code);
          assert.deepEqual(
            a.commands.flatMap((c) => matchHttp(HTTP_API_CATALOGUE, c)),
            [],
          );
        });
      }
    });
  }
});

describe('launchers', () => {
  const cases: [string, string, string[]][] = [
    ['npx prisma migrate reset', 'prisma', ['npx']],
    ['npx -y -p prisma@6 prisma migrate reset', 'prisma', ['npx']],
    ['npx prisma@5.22.0 migrate reset', 'prisma', ['npx']],
    ['yarn run prisma migrate reset', 'prisma', ['yarn run']],
    ['npm run prisma -- migrate reset --force', 'prisma', ['npm run']],
    ['npx @scope/tool@latest x', 'tool', ['npx']],
    ['pnpm exec prisma db push', 'prisma', ['pnpm exec']],
    ['yarn prisma migrate reset', 'prisma', ['yarn']],
    ['bunx drizzle-kit push --force', 'drizzle-kit', ['bunx']],
    ['bundle exec rake db:drop', 'rake', ['bundle exec']],
    ['bundle exec bin/rails db:reset', 'rails', ['bundle exec']],
    ['python3 manage.py flush', 'manage.py', ['python3']],
    ['uv run python manage.py flush', 'manage.py', ['uv run', 'python']],
    ['poetry run alembic downgrade base', 'alembic', ['poetry run']],
    ['python -m alembic downgrade base', 'alembic', ['python']],
    ['php artisan migrate:fresh', 'artisan', ['php']],
    ['dotenv -e .env.production -- prisma migrate reset', 'prisma', ['dotenv']],
  ];
  for (const [code, program, via] of cases) {
    it(`${code} runs ${program}`, async () => {
      const a = await analyze(code);
      const l = a.commands[0] ? launched(a.commands[0]) : undefined;
      assert.equal(l?.program, program);
      assert.deepEqual(l?.launchers, via);
    });
  }
  it('a runner without a tool is the runner itself', async () => {
    const a = await analyze('npm exec');
    assert.equal(a.commands[0] ? launched(a.commands[0])?.program : undefined, 'npm');
  });
});

describe('environment signals of catalogued tools', () => {
  const cases: [string, string[]][] = [
    ['RAILS_ENV=production rails db:drop', ['rails_env=production']],
    ['bundle exec rake db:drop RAILS_ENV=production', ['rails_env=production']],
    ['rails db:drop -e production', ['-e=production']],
    ['MIX_ENV=prod mix ecto.drop', ['mix_env=prod']],
    ['DATABASE_URL=postgres://u:p@prod-db.internal:5432/app npx prisma migrate reset', ['prod-db.internal']],
    ['migrate -database postgres://prod-db/app -path m drop -f', ['prod-db']],
    ['flyway -url=jdbc:postgresql://prod-db:5432/app clean', ['prod-db']],
    ['php artisan migrate:fresh --env=production', ['--env=production']],
    ['helm uninstall api --kube-context prod-eks', ['prod-eks']],
    ['kubectl -n production scale deploy/api --replicas=0', ['-n=production']],
    ['heroku pg:reset -a shop-prod', ['shop-prod']],
    ['gcloud sql instances delete db --project acme-prod', ['acme-prod']],
    ['dotenv -e .env.production -- prisma migrate reset', ['dotenv=.env.production']],
    ['NODE_ENV=production npx sequelize-cli db:drop', ['node_env=production']],
  ];
  for (const [code, expected] of cases) {
    it(`${code} ⇒ ${expected.join(', ')}`, async () => {
      const a = await analyze(code);
      // A launcher (`dotenv -e F -- prisma …`) is read by the catalogue and also unwrapped by the
      // shell analyzer: the signal comes from one of the commands.
      const signals = a.commands.flatMap((c) => toolTargetSignals(TOOL_CATALOGUE, c));
      for (const s of expected) assert.ok(signals.includes(s), `${s} not in ${signals.join(', ')}`);
      // The signals reach the engine's hosts through commandFacts.
      const hosts = a.commands.flatMap((c) => commandFacts(c).hosts);
      for (const s of expected) assert.ok(hosts.includes(s));
    });
  }
  it('reads variables exported earlier in the same text', async () => {
    const a = await analyze(
      'export RAILS_ENV=production; declare -x DATABASE_URL=postgres://prod-db/app && rails db:drop',
    );
    const cmd = a.commands[a.commands.length - 1];
    assert.ok(cmd);
    assert.deepEqual(toolTargetSignals(TOOL_CATALOGUE, cmd, a).sort(), ['prod-db', 'rails_env=production']);
    assert.deepEqual(commandFacts(cmd, a).hosts, ['prod-db', 'rails_env=production']);
    // A later export does not reach an earlier command; a plain `declare` does not export.
    const b = await analyze('declare RAILS_ENV=production; rails db:drop; export RAILS_ENV=production');
    const first = b.commands.find((c) => c.name === 'rails');
    assert.ok(first);
    assert.deepEqual(toolTargetSignals(TOOL_CATALOGUE, first, b), []);
  });
  it('commands outside the catalogue give no signal', async () => {
    const a = await analyze('NODE_ENV=production npm run build');
    assert.deepEqual(a.commands[0] ? toolTargetSignals(TOOL_CATALOGUE, a.commands[0]) : ['?'], []);
  });
});

describe('catalogue matching through the shell analyzer', () => {
  it('reads tools behind wrappers and launchers', async () => {
    assert.deepEqual(
      await matches(`sudo -u deploy bash -c 'cd /srv/app && RAILS_ENV=production bin/rails db:schema:load'`),
      [{ entry: 'rails', verb: 'db:schema:load', command: 'rails db:schema:load' }],
    );
  });
  it('reads several rake tasks on one line', async () => {
    assert.deepEqual(await matches('bundle exec rake db:create db:migrate db:seed:replant'), [
      { entry: 'rails', verb: 'db:seed:replant', command: 'rake db:seed:replant' },
    ]);
  });
  it('reads two-word programs (docker compose, flask db, dotnet ef, k3s kubectl)', async () => {
    assert.deepEqual(
      (
        await matches(
          'docker compose -f prod.yml down --volumes; flask db downgrade base; dotnet ef database drop -f; k3s kubectl drain n1',
        )
      ).map((m) => m.command),
      ['docker compose down', 'flask db downgrade', 'dotnet ef database drop', 'k3s kubectl drain'],
    );
  });
  it('needs the substitution to list every container for docker rm -f', async () => {
    assert.deepEqual(await matches('docker rm -f $(docker ps -q --filter name=web)'), []);
    assert.equal((await matches('docker rm -f `docker ps -aq`')).length, 1);
  });
  it('pushes to a remote added later on the line are not "added earlier"', async () => {
    assert.deepEqual(await matches('git push x main; git remote add x https://e.example/r.git'), []);
  });
});

describe('SQL run by catalogued tools reaches the SQL analyzer', () => {
  const cases: [string, string][] = [
    [`echo 'DROP TABLE users;' | npx prisma db execute --stdin`, 'drop-table'],
    [`heroku pg:psql -a shop -c 'TRUNCATE orders'`, 'truncate-table'],
    [`npx wrangler d1 execute prod --remote --command 'DELETE FROM users'`, 'delete-without-where'],
    [`python manage.py dbshell <<'EOF'\nDROP TABLE auth_user;\nEOF`, 'drop-table'],
    [`bin/rails dbconsole -p <<< 'DROP TABLE users'`, 'drop-table'],
  ];
  for (const [code, rule] of cases) {
    it(`${code.split('\n')[0] ?? ''} ⇒ ${rule}`, async () => {
      const a = analyzeAction(await parsers(), { kind: 'shell', text: code });
      assert.ok(
        a.findings.some((f) => f.ruleId === rule),
        a.findings.map((f) => f.ruleId).join(', '),
      );
    });
  }
  it('reads the dialect from the URL scheme (MySQL backticks parse)', async () => {
    const a = analyzeAction(await parsers(), {
      kind: 'shell',
      text: "npx prisma db execute --stdin --url mysql://u@db/app <<< 'DROP TABLE `x`'",
    });
    assert.deepEqual(
      a.findings.map((f) => f.ruleId),
      ['drop-table'],
    );
  });
  it('a file named by --file is read through readFile', async () => {
    const a = analyzeAction(
      await parsers(),
      { kind: 'shell', text: 'prisma db execute --file wipe.sql', cwd: '/p' },
      { readFile: (f) => (f === '/p/wipe.sql' ? 'TRUNCATE users;' : undefined) },
    );
    assert.ok(a.findings.some((f) => f.ruleId === 'truncate-table'));
  });
});
