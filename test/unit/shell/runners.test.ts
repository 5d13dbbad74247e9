import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUNNERS } from '../../../server/src/core/shell/runners';
import { EXEC_OPTIONS } from '../../../server/src/core/shell/exec-options';
import { analyze, spanText } from './helpers';

/** The `rm` commands found, with their argv and the text their span covers. */
async function rms(text: string) {
  const a = await analyze(text);
  return a.commands
    .filter((c) => c.name === 'rm')
    .map((c) => ({ argv: c.argv.map((w) => w.value), span: spanText(text, c), wrappers: c.wrappers }));
}

async function opaque(text: string): Promise<string[]> {
  const a = await analyze(text);
  return a.findings.filter((f) => f.ruleId === 'opaque-execution').map((f) => f.messageId ?? '');
}

describe('runners: the command they run is analysed as typed', () => {
  const cases: [string, string][] = [
    ['busybox rm -rf /', 'busybox'],
    ['toybox rm -rf /', 'toybox'],
    ['chrt 1 rm -rf /', 'chrt'],
    ['chrt -f 99 rm -rf /', 'chrt'],
    ['taskset -c 0 rm -rf /', 'taskset'],
    ['flock /tmp/l rm -rf /', 'flock'],
    ['flock -w 5 /tmp/l -c "rm -rf /"', 'flock --c'],
    ['script -qc "rm -rf /" /dev/null', 'script -c'],
    ['unshare -r rm -rf /', 'unshare'],
    ['nsenter -t 1 -m rm -rf /', 'nsenter'],
    ['systemd-run --user --wait rm -rf /', 'systemd-run'],
    ['run0 -u root rm -rf /', 'run0'],
    ['firejail --noprofile rm -rf /', 'firejail'],
    ['proot -r / rm -rf /', 'proot'],
    ['fakeroot rm -rf /', 'fakeroot'],
    ['caffeinate -i rm -rf /', 'caffeinate'],
    ['dbus-launch rm -rf /', 'dbus-launch'],
    ['aws-vault exec prod -- rm -rf /', 'aws-vault'],
    ['op run --env-file=.env -- rm -rf /', 'op'],
    ['sg root -c "rm -rf /"', 'sg -c'],
    ['nix-shell -p hello --run "rm -rf /"', 'nix-shell --run'],
    ["parallel ::: 'rm -rf /'", 'parallel'],
    ['parallel rm -rf ::: /', 'parallel'],
    ['sudo flock /x nice -n 1 busybox rm -rf /', 'busybox'],
    ['strace -f -o out.txt rm -rf /', 'strace'],
    ['screen -dmS x rm -rf /', 'screen'],
    ['cgexec -g cpu:g rm -rf /', 'cgexec'],
    ['lxc-attach -n c -- rm -rf /', 'lxc-attach'],
    ['setarch x86_64 -R rm -rf /', 'setarch'],
    ["faketime '2020-01-01' rm -rf /", 'faketime'],
    ["hyperfine --prepare 'rm -rf /' 'ls'", 'hyperfine'],
    ["hyperfine 'sleep 1' 'rm -rf /'", 'hyperfine'],
    ["ls | entr -s 'rm -rf /'", 'entr'],
    ["nodemon --exec 'rm -rf /'", 'nodemon'],
    ["watchexec -e js -- 'rm -rf /'", 'watchexec'],
  ];
  for (const [text, wrapper] of cases) {
    it(text, async () => {
      const found = await rms(text);
      const rm = found.find((c) => c.argv.join(' ') === 'rm -rf /');
      assert.ok(rm, JSON.stringify(found));
      assert.ok(
        rm.wrappers.some((w) => w.replace(/ -c$/, ' -c').startsWith(wrapper.replace('--c', '-c'))),
        JSON.stringify(rm.wrappers),
      );
    });
  }

  it('keeps exact spans when the text maps back: flock /x -c "rm -rf /"', async () => {
    const [rm] = await rms('flock /x -c "rm -rf /"');
    assert.equal(rm?.span, 'rm -rf /');
  });

  const valid = [
    'strace -p 123',
    'screen -r',
    'hyperfine "sleep 0.1"',
    'chrt -p 1234',
    'taskset -p 1',
    'script out.txt',
    'busybox --list',
    'parallel gzip ::: a.log b.log',
    'flock -n 9',
  ];
  for (const text of valid) {
    it(`valid: ${text}`, async () => assert.deepEqual(await rms(text), []));
  }

  it('text built at run time is opaque: flock /x -c "$CMD"', async () => {
    assert.deepEqual(await opaque('flock /x -c "$CMD"'), ['dynamicShellText']);
  });

  it('every runner entry documents its sources', () => {
    for (const r of RUNNERS)
      assert.ok(r.sources.length > 0 && r.sources.every((s) => /^https?:\/\//.test(s)), r.names[0]);
    const names = RUNNERS.flatMap((r) => r.names);
    assert.equal(new Set(names).size, names.length);
  });
});

describe('programs that execute text in options or small languages', () => {
  const invalid: [string, string][] = [
    ["sed -n '1e rm -rf /' x", 'rm -rf /'],
    ['awk \'BEGIN{system("rm -rf /")}\'', 'rm -rf /'],
    ['awk \'BEGIN{"rm -rf /" | getline}\'', 'rm -rf /'],
    ['gawk \'{print | "rm -rf /"}\' f', 'rm -rf /'],
    ['git -c core.pager="rm -rf /" log', 'rm -rf /'],
    ["git -c 'alias.x=!rm -rf /' x", 'rm -rf /'],
    ["git -c core.sshCommand='rm -rf /' fetch", 'rm -rf /'],
    ["git -c core.fsmonitor='rm -rf /' status", 'rm -rf /'],
    ["GIT_SSH_COMMAND='rm -rf /' git fetch", 'rm -rf /'],
    ["git grep -O'rm -rf /' foo", 'rm -rf /'],
    ["man -P 'rm -rf /' ls", 'rm -rf /'],
    ["LESSOPEN='|rm -rf / %s' less f", 'rm -rf / %s'],
    ["vim -c '!rm -rf /'", 'rm -rf /'],
    ["vim +'silent !rm -rf /' f", 'rm -rf /'],
    ["ssh -o ProxyCommand='rm -rf /' host", 'rm -rf /'],
    ["scp -oProxyCommand='rm -rf /' a host:b", 'rm -rf /'],
    ["tar -cf /dev/null x --checkpoint=1 --checkpoint-action=exec='rm -rf /'", 'rm -rf /'],
    ["tar xf a.tar --to-command='rm -rf /'", 'rm -rf /'],
    ["tar -I 'rm -rf /' -xf a.tar", 'rm -rf /'],
    ["rsync -e 'rm -rf /' x host:y", 'rm -rf /'],
    ["zip z.zip f -T -TT 'rm -rf /'", 'rm -rf /'],
    ["strace -o '|rm -rf /' ls", 'rm -rf /'],
    ["gdb -nx -ex '!rm -rf /' -ex quit", 'rm -rf /'],
    ["gdb --batch --eval-command='shell rm -rf /'", 'rm -rf /'],
    ["tmux new -d 'rm -rf /'", 'rm -rf /'],
    ["socat - EXEC:'rm -rf /',pty", 'rm -rf /'],
    ["psql -c '\\! rm -rf /'", 'rm -rf /'],
    ["mysql -e 'system rm -rf /'", 'rm -rf /'],
    ["sqlite3 db '.shell rm -rf /'", 'rm -rf /'],
    ["echo 'rm -rf /' | at now", 'rm -rf /'],
    ['echo / | xargs rm -rf', 'rm -rf /'],
    ['printf "/\\n" | xargs -I{} rm -rf {}', 'rm -rf /'],
    ['. /dev/stdin <<< "rm -rf /"', 'rm -rf /'],
    ["source /dev/stdin <<< 'rm -rf /'", 'rm -rf /'],
  ];
  for (const [text, inner] of invalid) {
    it(text, async () => {
      const found = await rms(text);
      assert.ok(
        found.some((c) => c.argv.join(' ') === inner),
        JSON.stringify(found),
      );
    });
  }

  it('places the inner command exactly when the text maps back: awk system', async () => {
    const text = 'awk \'BEGIN{system("rm -rf /")}\'';
    const [rm] = await rms(text);
    assert.equal(rm?.span, 'rm -rf /');
  });

  const opaqueCases: [string, string][] = [
    ["sed 's/x/y/e' f", 'execOption'],
    ["md5sum * | sed -e 's/^/mv /e'", 'execOption'],
    ["awk '{system($0)}' f", 'execOption'],
    ['awk \'{print | "sh"}\' f', 'pipeToInterpreter'],
    ["vim -c ':py3 import os' f", 'execOption'],
    ["gdb -ex 'python import os' -ex quit", 'execOption'],
    ['nmap --script=/tmp/x.nse host', 'execOption'],
    ["make --eval='x:; rm -rf /' x", 'execOption'],
    ['git -c core.pager="$P" log', 'execOption'],
  ];
  for (const [text, id] of opaqueCases) {
    it(`opaque: ${text}`, async () =>
      assert.ok((await opaque(text)).includes(id), (await opaque(text)).join()));
  }

  const valid = [
    "sed -i 's/e/E/g' f",
    "sed -e 's/foo/bar/' -e '/x/d' f",
    'awk -F, \'{print $1 | "sort"}\' f',
    "awk '$0 ~ /a|b/ {print}' f",
    "awk '{ if (a || b) print }' f",
    'git -c color.ui=always log',
    'git -c core.fsmonitor=true status',
    'vim -c "set nu" f',
    "ssh -o ProxyCommand='ssh -W %h:%p bastion' host",
    'tar czf a.tgz dir',
    'rsync -e "ssh -p $PORT" -av x host:y',
    'nmap --script=default host',
    'gdb -batch -ex run ./a.out',
    'echo "rm -rf /"',
    'grep -r "DROP TABLE" .',
    "find . -name '*.log'",
  ];
  for (const text of valid) {
    it(`valid: ${text}`, async () => {
      assert.deepEqual(await rms(text), []);
      assert.deepEqual(await opaque(text), []);
    });
  }

  it('every entry documents its sources', () => {
    for (const e of EXEC_OPTIONS)
      assert.ok(e.sources.length > 0 && e.sources.every((s) => /^https?:\/\//.test(s)), e.names[0]);
  });
});
