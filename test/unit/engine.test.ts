import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeAction } from '../../server/src/core/engine';
import { judge } from '../../server/src/core/judge';
import type { Parsers } from '../../server/src/core/parsers';
import type { PolicySet } from '../../server/src/core/policy/model';
import { CORPUS, NEEDS_CORPUS, builtinPolicies, parsers } from '../helpers/parsers';

const LEMMY = path.join(CORPUS, 'migrations/LemmyNet__lemmy/migrations');
const agent = { type: 'agent' as const, name: 'claude-code' };

describe('engine: analysis of shell commands that run SQL', () => {
  let p: Parsers;
  let set: PolicySet;
  before(async () => {
    p = await parsers();
    set = builtinPolicies();
  });

  it(
    'reads a real migration named by psql -f and places its findings on the command, naming the file line',
    { skip: NEEDS_CORPUS },
    () => {
      const dir = path.join(LEMMY, '2019-02-26-002946_create_user');
      const text = 'psql -h prod-db.internal -d app -f down.sql';
      const a = analyzeAction(
        p,
        { kind: 'shell', text, cwd: dir },
        { readFile: (f) => fs.readFileSync(path.resolve(dir, f), 'utf8') },
      );
      const drop = a.findings.find((f) => f.ruleId === 'drop-table');
      assert.ok(drop, a.findings.map((f) => f.ruleId).join());
      const sqlLine =
        fs
          .readFileSync(path.join(dir, 'down.sql'), 'utf8')
          .split('\n')
          .findIndex((l) => /drop table/i.test(l)) + 1;
      assert.match(drop.message, new RegExp(`down\\.sql:${sqlLine}:\\d+: `));
      assert.deepEqual([drop.span.start, drop.span.end], [0, text.length]);
      assert.ok(a.hosts.includes('prod-db.internal'));
      assert.ok(a.tablesWritten.length > 0);
    },
  );

  it('a SQL file that cannot be read is an unparsed finding, never a silent allow', () => {
    const a = analyzeAction(
      p,
      { kind: 'shell', text: 'psql -f /nonexistent/migrate.sql' },
      { readFile: () => undefined },
    );
    const u = a.findings.find((f) => f.ruleId === 'unparsed');
    assert.ok(u);
    assert.match(u.message, /could not be read/);
  });

  it('maps SQL inside bash -c and psql -c back to exact offsets of the action text', () => {
    const text = `sudo bash -c "psql -c 'DELETE FROM users'"`;
    const a = analyzeAction(p, { kind: 'shell', text });
    const del = a.findings.find((f) => f.ruleId === 'delete-without-where');
    assert.ok(del);
    assert.equal(
      text.slice(del.span.start, del.span.end).toLowerCase().includes('users'),
      true,
      text.slice(del.span.start, del.span.end),
    );
  });

  it('recognises production from the command itself and gives the same decision for SQL and for psql -c', () => {
    const viaShell = judge(
      p,
      set,
      { kind: 'shell', text: `psql -h db.prod.example.com -c 'TRUNCATE orders'` },
      { actor: agent },
    );
    const direct = judge(
      p,
      set,
      { kind: 'sql', text: 'TRUNCATE orders' },
      { actor: agent, explicitEnvironment: 'production' },
    );
    assert.equal(viaShell.decision.environment, 'production');
    assert.equal(viaShell.decision.effect, 'deny');
    assert.equal(direct.decision.effect, viaShell.decision.effect);
    assert.deepEqual(
      viaShell.decision.findings.map((f) => f.ruleId).sort(),
      direct.decision.findings.map((f) => f.ruleId).sort(),
    );
  });

  it('a human is asked where an agent is denied; development asks for data loss', () => {
    const text = 'DROP SCHEMA billing CASCADE';
    const human = judge(
      p,
      set,
      { kind: 'sql', text },
      { actor: { type: 'human', name: 'alice' }, explicitEnvironment: 'production' },
    );
    const bot = judge(p, set, { kind: 'sql', text }, { actor: agent, explicitEnvironment: 'production' });
    const dev = judge(p, set, { kind: 'sql', text }, { actor: agent, explicitEnvironment: 'development' });
    assert.deepEqual(
      [human.decision.effect, bot.decision.effect, dev.decision.effect],
      ['ask', 'deny', 'ask'],
    );
  });

  it('read-only and scoped writes are allowed even for an agent in production', () => {
    for (const text of [
      'SELECT * FROM users WHERE id = 1',
      "UPDATE users SET name = 'x' WHERE id = 7",
      'INSERT INTO t(a) VALUES (1)',
    ]) {
      const j = judge(p, set, { kind: 'sql', text }, { actor: agent, explicitEnvironment: 'production' });
      assert.equal(j.decision.effect, 'allow', `${text}: ${j.decision.reason}`);
    }
  });
});
