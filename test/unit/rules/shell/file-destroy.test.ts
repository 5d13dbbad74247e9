import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from '../../../../server/src/core/rules/shell/file-destroy';
import { runShellRule, testShellRule } from '../../../helpers/shell-rule-tester';

testShellRule(rule, {
  valid: [
    'echo hi >> notes.txt',
    'cat /var/lib/mysql/my.cnf',
    'rm -i /data/x',
    'cp -n a /srv/b',
    'rsync -n --delete a/ /srv/b/',
    'truncate -s +1M disk.img',
    'ls > /dev/null',
    'grep -r "rm -rf /" .',
    'chmod 644 /srv/app.conf',
    'git clean -n',
    'tar -tzf a.tgz',
    'echo x 2>&1',
    'chmod +x run.sh',
    'ln -s ../a b',
    'unzip a.zip',
    'cp -n a /srv/b',
    'crontab -l',
    'crontab -l > /dev/null',
    ': >> notes.txt',
    'for f in a b; do echo "$f"; done > /dev/null',
    // Only empty folders go: rmdir(1), and find's -delete of folders alone (rmdir(2) semantics).
    'rmdir /srv/app/old',
    'rmdir -p --ignore-fail-on-non-empty /data/a/b',
    'find /srv/abc/ -type d -empty -exec rmdir {} \\;',
    'tar -czf /tmp/x.tgz /srv/data',
    'zip -r /tmp/x.zip /srv/data',
    'find /data -type d -delete',
    'find /data -name test -type d -delete',
  ],
  invalid: [
    {
      code: 'rm -rf /var/lib/postgresql/data',
      errors: [{ messageId: 'tree', line: 1, column: 8, severity: 'error' }],
    },
    {
      code: 'cd /var/lib && rm -rf mysql',
      errors: [
        { messageId: 'tree', line: 1, column: 23, message: 'Recursive delete of `/var/lib/mysql` (`rm`).' },
      ],
    },
    {
      code: 'sudo bash -c "rm -rf /var/lib/mysql"',
      errors: [
        { messageId: 'tree', line: 1, column: 22, message: 'Recursive delete of `/var/lib/mysql` (`rm`).' },
      ],
    },
    { code: 'rm -f *.log', errors: [{ messageId: 'file', line: 1, column: 7, severity: 'warning' }] },
    { code: 'unlink /srv/x', errors: [{ messageId: 'file', line: 1, column: 8 }] },
    { code: 'shred -u /data/db.sqlite', errors: [{ messageId: 'file', line: 1, column: 10 }] },
    { code: 'wipe -rf /mnt/disk', errors: [{ messageId: 'tree', line: 1, column: 10 }] },
    { code: 'truncate -s 0 /var/lib/mysql/ibdata1', errors: [{ messageId: 'file', line: 1, column: 15 }] },
    // Leaving a file empty destroys its content: a delete of the file, not an overwrite.
    {
      code: ': > /srv/app/db.sqlite',
      errors: [{ messageId: 'file', line: 1, column: 3, severity: 'warning' }],
    },
    { code: 'cat /dev/null > /var/log/auth.log', errors: [{ messageId: 'file', line: 1, column: 15 }] },
    { code: '> ~/.bash_history', errors: [{ messageId: 'file', line: 1, column: 1 }] },
    { code: 'true > /srv/app/state.json', errors: [{ messageId: 'file', line: 1, column: 6 }] },
    { code: 'echo -n > /srv/app/state.json', errors: [{ messageId: 'file', line: 1, column: 9 }] },
    { code: "printf '' > /data/x", errors: [{ messageId: 'file', line: 1, column: 11 }] },
    { code: 'cp /dev/null ~/.ssh/id_ed25519', errors: [{ messageId: 'file', line: 1, column: 14 }] },
    { code: 'sudo mv -f /dev/null /var/log/wtmp', errors: [{ messageId: 'file', line: 1, column: 22 }] },
    { code: 'dd if=/dev/null of=/data/x', errors: [{ messageId: 'file', line: 1, column: 17 }] },
    // …while a command that prints something overwrites.
    { code: 'echo x > /srv/app/state.json', errors: [{ messageId: 'content', line: 1, column: 8 }] },
    { code: 'echo -n "$X" > /srv/app/state.json', errors: [{ messageId: 'content', line: 1, column: 14 }] },
    { code: 'cp /dev/zero /data/x', errors: [{ messageId: 'content', line: 1, column: 14 }] },
    { code: 'for f in a b; do echo "$f"; done > /srv/out.txt', errors: [{ messageId: 'content' }] },
    // crontab: installing (file, stdin, -e) writes the user's crontab; -r removes it.
    {
      code: "echo '* * * * * /tmp/x' | crontab -",
      errors: [
        {
          messageId: 'content',
          line: 1,
          column: 27,
          message: '`crontab` overwrites `/var/spool/cron/crontabs`.',
        },
      ],
    },
    {
      code: 'crontab -u www-data jobs.txt',
      errors: [
        { messageId: 'content', message: '`crontab` overwrites `/var/spool/cron/crontabs/www-data`.' },
      ],
    },
    { code: 'crontab -r', errors: [{ messageId: 'file', line: 1, column: 1 }] },
    { code: 'echo x | tee /etc/hosts', errors: [{ messageId: 'content', line: 1, column: 14 }] },
    {
      code: 'mv /var/lib/mysql /tmp/old',
      errors: [
        { messageId: 'file', line: 1, column: 4 },
        { messageId: 'content', line: 1, column: 19 },
      ],
    },
    { code: 'cp -t /srv a b', errors: [{ messageId: 'content', line: 1, column: 4 }] },
    { code: 'rsync -a --delete src/ /backup/', errors: [{ messageId: 'tree', line: 1, column: 24 }] },
    { code: 'ln -sf /dev/null ~/.bash_history', errors: [{ messageId: 'file', line: 1, column: 18 }] },
    { code: 'dd if=/dev/zero of=/data/x bs=1M', errors: [{ messageId: 'content', line: 1, column: 17 }] },
    { code: 'chmod -R 000 /srv', errors: [{ messageId: 'tree', line: 1, column: 14 }] },
    { code: 'sed -i s/a/b/ /etc/app.conf', errors: [{ messageId: 'content', line: 1, column: 15 }] },
    { code: "perl -pi -e 's/a/b/' /etc/app.conf", errors: [{ messageId: 'content', line: 1, column: 22 }] },
    { code: 'git clean -fdx', errors: [{ messageId: 'tree', line: 1, column: 5 }] },
    { code: 'tar xzf a.tgz -C /', errors: [{ messageId: 'content', line: 1, column: 15 }] },
    { code: 'unzip -o a.zip -d /srv/www', errors: [{ messageId: 'content', line: 1, column: 16 }] },
    { code: 'find /data -delete', errors: [{ messageId: 'tree', line: 1, column: 6 }] },
    // Archivers that remove what they archive move the files away, as mv does (were allowed).
    {
      code: 'tar -czf /tmp/x.tgz /srv/data --remove-files',
      errors: [{ messageId: 'file', line: 1, column: 21 }],
    },
    {
      code: 'tar czf /tmp/x.tgz --remove-files /srv/data',
      errors: [{ messageId: 'file', line: 1, column: 35 }],
    },
    { code: 'zip -rm /tmp/x.zip /srv/data', errors: [{ messageId: 'file', line: 1, column: 20 }] },
    { code: '7z a -sdel /tmp/x.7z /srv/data', errors: [{ messageId: 'file', line: 1, column: 22 }] },
    // A folder test joined by -o (or negated) lets files through: they are deleted.
    { code: 'find /data -type d -o -type f -delete', errors: [{ messageId: 'file', line: 1, column: 6 }] },
    { code: 'find /data ! -type d -delete', errors: [{ messageId: 'file', line: 1, column: 6 }] },
    // Depth limits and -type f|d keep every file's content in the selection: each is removed as
    // rm removes one (was `some`, asked where rm -r of the folder is denied).
    { code: 'find /data -type d -exec rm -rf {} +', errors: [{ messageId: 'tree' }] },
    { code: 'find /data -mindepth 1 -exec rm -rf {} +', errors: [{ messageId: 'tree' }] },
    { code: 'find /data -maxdepth 1 -type f | xargs rm -f', errors: [{ messageId: 'file' }] },
    { code: 'find /data -type l -exec rm {} +', errors: [{ messageId: 'some' }] },
    { code: 'find /data -name "*.tmp" -delete', errors: [{ messageId: 'file', line: 1, column: 6 }] },
    {
      code: 'curl -sSLo /srv/app/index.html https://x.example',
      errors: [{ messageId: 'content', line: 1, column: 6 }],
    },
    { code: 'sort -o /data/list.txt x', errors: [{ messageId: 'content', line: 1, column: 6 }] },
    {
      code: 'find /data -name "*.db" -exec rm {} +',
      errors: [{ messageId: 'some', line: 1, column: 34, severity: 'info' }],
    },
    { code: 'rm -rf "$DIR"', errors: [{ messageId: 'dynamic', line: 1, column: 8 }] },
    { code: 'ssh db1 "rm -rf /var/lib/mysql"', errors: [{ messageId: 'tree', line: 1, column: 17 }] },
  ],
});

describe('file-destroy effects', () => {
  const effectsOf = async (code: string) =>
    (await runShellRule(rule, code))
      .flatMap((f) => f.effects ?? [])
      .map((e) => [e.verb, e.resource.id, e.resource.dynamic ?? false]);

  it('resolves targets through cd, ~, $HOME and known variables', async () => {
    assert.deepEqual(await effectsOf('cd /var/lib && rm -rf ../lib/mysql'), [
      ['destroy', '/var/lib/mysql', false],
    ]);
    assert.deepEqual(await effectsOf('rm -rf $HOME/.railguard'), [['destroy', '~/.railguard', false]]);
    assert.deepEqual(await effectsOf('rm -rf "$XDG_CONFIG_HOME/railguard"'), [
      ['destroy', '~/.config/railguard', false],
    ]);
    assert.deepEqual(await effectsOf('cd; rm -rf data'), [['destroy', '~/data', false]]);
  });
  it('keeps the static folder of a path built at run time, marked dynamic', async () => {
    assert.deepEqual(await effectsOf('rm -rf /var/lib/$SVC/data'), [['destroy', '/var/lib', true]]);
    assert.deepEqual(await effectsOf('rm -rf "$X"'), [['destroy', undefined, true]]);
    assert.deepEqual(await effectsOf('cd "$D" && rm -rf x'), [['destroy', undefined, true]]);
    assert.deepEqual(await effectsOf('cd "$D" && rm -rf /srv/x'), [['destroy', '/srv/x', false]]);
  });
  it('resolves relative paths against the workspace symbol when the cwd is unknown', async () => {
    assert.deepEqual(await effectsOf('rm -rf node_modules'), [
      ['destroy', '${workspace}/node_modules', false],
    ]);
  });
  it('files a find feeds at run time (-exec {}, | xargs) lie under its roots, marked dynamic', async () => {
    assert.deepEqual(await effectsOf('find . -name "*.pyc" -exec rm -rf {} +'), [
      ['destroy', '${workspace}/*.pyc', true],
    ]);
    assert.deepEqual(await effectsOf('find . -mtime +7 -exec rm {} +'), [
      ['destroy', '${workspace}/*', true],
    ]);
    assert.deepEqual(await effectsOf('find /var/lib/mysql -type f -exec shred -u {} \\;'), [
      ['destroy', '/var/lib/mysql/*', true],
    ]);
    assert.deepEqual(await effectsOf('find /var/lib/mysql -type f | xargs rm -f'), [
      ['destroy', '/var/lib/mysql/*', true],
    ]);
  });
  it('a find with one literal -name hands the entries of that name, judged by that name', async () => {
    const scoped = async (code: string) =>
      (await runShellRule(rule, code)).map((f) => [f.messageId, f.effects?.[0]?.resource.id]);
    assert.deepEqual(await scoped('find . -type d -name .git -exec rm -rf {} +'), [
      ['file', '${workspace}/.git'],
    ]);
    assert.deepEqual(await scoped('find ~ -name .ssh | xargs rm -r'), [['file', '~/.ssh']]);
    assert.deepEqual(await scoped('find . -name .env -exec rm {} \\;'), [['file', '${workspace}/.env']]);
    // A glob name or another test picks some files at run time.
    assert.deepEqual(await scoped('find . -name "*.orig" -exec rm -rf {} +'), [
      ['some', '${workspace}/*.orig'],
    ]);
    assert.deepEqual(await scoped('find . -name .git -o -name x -exec rm -rf {} +'), [
      ['some', '${workspace}/*'],
    ]);
  });
  it('ls piped into xargs hands every entry of its folders, also through sh -c', async () => {
    const scoped = async (code: string) =>
      (await runShellRule(rule, code)).map((f) => [f.messageId, f.effects?.[0]?.resource.id]);
    assert.deepEqual(await scoped("ls | xargs -I{} sh -c 'rm -rf {}'"), [['tree', '${workspace}/*']]);
    assert.deepEqual(await scoped('ls /srv/app | xargs rm -rf'), [['tree', '/srv/app/*']]);
    assert.deepEqual(await scoped('ls *.log | xargs rm'), [['file', '${workspace}/*.log']]);
    // xargs -I names its own placeholder.
    assert.deepEqual(await scoped("ls ~/p | xargs -I% sh -c 'rm -rf ~/p/%'"), [['tree', '~/p/*']]);
    assert.deepEqual(await scoped('ls /srv | xargs --replace=@ rm -rf /srv/@'), [['tree', '/srv/*']]);
  });
  it('paths piped from a feeder nobody can read here are built at run time', async () => {
    assert.deepEqual(await effectsOf('cat list.txt | xargs rm -rf'), [['destroy', undefined, true]]);
    const [f] = await runShellRule(rule, 'cat list.txt | xargs rm -rf');
    assert.equal(f?.messageId, 'dynamic');
    assert.equal(f?.severity, 'error');
  });
});
