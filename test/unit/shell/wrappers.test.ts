import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeShell } from '../../../server/src/core/shell/analyze';
import { parsers } from '../../helpers/parsers';
import { analyze, only, spanText } from './helpers';

/** The innermost command named `name`: its argv values and wrappers. */
async function inner(text: string, name: string) {
  const cmd = only(await analyze(text), name);
  return { argv: cmd.argv.map((w) => w.value), wrappers: cmd.wrappers, cmd, span: spanText(text, cmd) };
}

describe('analyzeShell: wrappers', () => {
  const cases: [string, string, (string | undefined)[], string[]][] = [
    ['sudo -u postgres -E rm -rf /var/lib', 'rm', ['rm', '-rf', '/var/lib'], ['sudo']],
    ['doas -u root reboot now', 'reboot', ['reboot', 'now'], ['doas']],
    ['env -i -u HOME A=1 B="x y" make install', 'make', ['make', 'install'], ['env']],
    ['nohup ./server.sh &', 'server.sh', ['./server.sh'], ['nohup']],
    ['nice -n 10 ionice -c 3 tar czf a.tgz dir', 'tar', ['tar', 'czf', 'a.tgz', 'dir'], ['nice', 'ionice']],
    ['time -p make', 'make', ['make'], ['time']],
    ['timeout -s KILL 30s curl https://x.io', 'curl', ['curl', 'https://x.io'], ['timeout']],
    ['stdbuf -oL -e0 python app.py', 'python', ['python', 'app.py'], ['stdbuf']],
    ['chroot --userspec=u /mnt/root ls /', 'ls', ['ls', '/'], ['chroot']],
    ['watch -x -n 5 df -h', 'df', ['df', '-h'], ['watch']],
    ['find /tmp -name "*.log" -exec rm -f {} \\;', 'rm', ['rm', '-f', '{}'], ['find -exec']],
    ['find . -execdir chmod 600 {} +', 'chmod', ['chmod', '600', '{}'], ['find -execdir']],
    ['sudo env PATH=/x timeout 5 git push -f', 'git', ['git', 'push', '-f'], ['sudo', 'env', 'timeout']],
    ['command rm x', 'rm', ['rm', 'x'], ['command']],
    // Package runners launch a command of their own (it was judged as `npx` only).
    ['npx --yes tsx wipe.ts', 'tsx', ['tsx', 'wipe.ts'], ['npx']],
    ['npm exec -- tsx wipe.ts', 'tsx', ['tsx', 'wipe.ts'], ['npm exec']],
    ['pnpm dlx rimraf /srv/data', 'rimraf', ['rimraf', '/srv/data'], ['pnpm dlx']],
    ['yarn tsx wipe.ts', 'tsx', ['tsx', 'wipe.ts'], ['yarn']],
    ['uv run --with rich python x.py', 'python', ['python', 'x.py'], ['uv run']],
    ['poetry run python x.py', 'python', ['python', 'x.py'], ['poetry run']],
    ['bundle exec rake db:drop', 'rake', ['rake', 'db:drop'], ['bundle exec']],
  ];
  for (const [text, name, argv, wrappers] of cases) {
    it(text, async () => {
      const r = await inner(text, name);
      assert.deepEqual(r.argv, argv);
      assert.deepEqual(r.wrappers, wrappers);
      assert.ok(r.span.startsWith(argv[0] ?? ''), r.span);
    });
  }

  it('keeps the wrapper commands too, outermost first', async () => {
    const a = await analyze('sudo nohup rm x');
    assert.deepEqual(
      a.commands.map((c) => [c.name, c.wrappers]),
      [
        ['sudo', []],
        ['nohup', ['sudo']],
        ['rm', ['sudo', 'nohup']],
      ],
    );
    assert.equal(only(a, 'rm').runAs, undefined);
    assert.equal(only(await analyze('sudo -u postgres dropdb app'), 'dropdb').runAs, 'postgres');
  });

  it('env assignments become the inner command assignments', async () => {
    const r = await inner('env PGHOST=prod PGUSER="a b" psql', 'psql');
    assert.deepEqual(r.cmd.assignments, [
      { name: 'PGHOST', value: 'prod' },
      { name: 'PGUSER', value: 'a b' },
    ]);
  });

  it('xargs: the inner command gets its args and argsFromStdin', async () => {
    const r = await inner('ls | xargs -0 -n 1 rm -f', 'rm');
    assert.deepEqual(r.argv, ['rm', '-f']);
    assert.equal(r.cmd.argsFromStdin, true);
    assert.deepEqual(r.wrappers, ['xargs']);
  });

  it('re-parses bash -c text with exact offsets', async () => {
    const text = "sudo bash -lc 'cd /srv && rm -rf build'";
    const a = await analyze(text);
    const rm = only(a, 'rm');
    assert.deepEqual(rm.wrappers, ['sudo', 'bash -c']);
    assert.equal(spanText(text, rm), 'rm -rf build');
    assert.equal(spanText(text, only(a, 'cd')), 'cd /srv');
  });

  it('re-parses text with escapes at the span of the containing word', async () => {
    const text = 'sh -c "echo \\"hi\\" && rm -rf /x"';
    const a = await analyze(text);
    const rm = only(a, 'rm');
    assert.deepEqual(
      rm.argv.map((w) => w.value),
      ['rm', '-rf', '/x'],
    );
    assert.equal(spanText(text, rm), '"echo \\"hi\\" && rm -rf /x"');
    assert.equal(rm.argv[2]?.valueOffset, undefined);
  });

  it('recurses into nested bash -c / eval with correct offsets', async () => {
    const text = `bash -c 'eval "sh -c \\"ls\\""; zsh -c "rm -rf a"'`;
    const a = await analyze(text);
    assert.deepEqual(only(a, 'rm').wrappers, ['bash -c', 'zsh -c']);
    assert.equal(spanText(text, only(a, 'rm')), 'rm -rf a');
    assert.deepEqual(only(a, 'ls').wrappers, ['bash -c', 'eval', 'sh -c']);
  });

  it('eval of literals is re-parsed', async () => {
    const text = "eval 'rm -rf /tmp/x'";
    const rm = only(await analyze(text), 'rm');
    assert.deepEqual(rm.wrappers, ['eval']);
    assert.equal(spanText(text, rm), 'rm -rf /tmp/x');
  });

  it("package managers' own commands and script runs are not programs: pnpm rm, yarn add, npm run", async () => {
    for (const text of [
      'pnpm rm lodash',
      'yarn add rimraf',
      'npm run clean',
      'pnpm run build',
      'npm test',
      'bun run dev',
    ])
      assert.deepEqual(
        (await analyze(text)).commands.map((c) => c.wrappers.length),
        [0],
        text,
      );
  });

  it('trap text runs when the signal comes: it is re-parsed like eval (it was not read at all)', async () => {
    const text = "trap 'rm -rf /srv/data' EXIT; sleep 60";
    const rm = only(await analyze(text), 'rm');
    assert.deepEqual(rm.wrappers, ['trap']);
    assert.equal(spanText(text, rm), 'rm -rf /srv/data');
    for (const reset of ['trap - EXIT', "trap '' INT", 'trap -p', 'trap EXIT'])
      assert.deepEqual(
        (await analyze(reset)).commands.map((c) => c.wrappers.length),
        [0],
        reset,
      );
    const dynamic = await analyze('trap "$CLEANUP" EXIT');
    assert.ok(dynamic.findings.some((f) => f.ruleId === 'opaque-execution'));
  });

  it('ssh host command is remote', async () => {
    const text = "ssh -p 2222 -i key deploy@db.prod 'sudo systemctl restart pg'";
    const a = await analyze(text);
    const sys = only(a, 'systemctl');
    assert.deepEqual(sys.remote, { via: 'ssh', host: 'db.prod' });
    assert.deepEqual(sys.wrappers, ['ssh', 'sudo']);
    assert.equal(spanText(text, sys), 'systemctl restart pg');
    const b = await analyze('ssh prod rm -rf /data');
    assert.equal(spanText('ssh prod rm -rf /data', only(b, 'rm')), 'rm -rf /data');
    assert.deepEqual(only(await analyze('ssh prod'), 'ssh').wrappers, []);
  });

  it('kubectl exec, docker exec and docker run are remote', async () => {
    const k = only(await analyze('kubectl exec -it -n prod api-0 -c app -- rm -rf /data'), 'rm');
    assert.deepEqual(k.remote, { via: 'kubectl exec', host: 'api-0' });
    const d = only(await analyze('docker exec -it -u root pg psql -c "DROP TABLE x"'), 'psql');
    assert.deepEqual([d.remote, d.argv.length], [{ via: 'docker exec', host: 'pg' }, 3]);
    const r = only(await analyze('docker run --rm -v /:/host -e A=1 alpine rm -rf /host'), 'rm');
    assert.deepEqual(r.remote, { via: 'docker run', host: 'alpine' });
    const c = only(await analyze('docker compose exec db psql'), 'psql');
    assert.deepEqual(c.remote, { via: 'docker exec', host: 'db' });
  });

  it('stops at the depth limit with an opaque finding', async () => {
    const text = 'bash -c "bash -c \'bash -c ls\'"';
    const a = analyzeShell(await parsers(), text, { depth: 2 });
    assert.ok(a.findings.some((f) => f.ruleId === 'opaque-execution' && f.messageId === 'tooDeep'));
    assert.equal(
      a.commands.some((c) => c.name === 'ls'),
      false,
    );
  });
});
