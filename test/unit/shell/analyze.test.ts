import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, only, spanText, summary } from './helpers';

describe('analyzeShell: structure', () => {
  it('splits lists (&&, ||, ;, newlines) with exact spans', async () => {
    const text = 'a 1 && b "2" || c;\nd';
    const a = await analyze(text);
    assert.deepEqual(summary(a), [
      ['a', ['a', '1']],
      ['b', ['b', '2']],
      ['c', ['c']],
      ['d', ['d']],
    ]);
    assert.deepEqual(
      a.commands.map((c) => spanText(text, c)),
      ['a 1', 'b "2"', 'c', 'd'],
    );
    assert.equal(only(a, 'd').span.line, 2);
    assert.equal(only(a, 'd').span.column, 1);
    assert.equal(a.hasErrors, false);
    assert.deepEqual(a.findings, []);
  });

  it('keeps the line breaks of a double-quoted word that spans lines in its value', async () => {
    // tree-sitter-bash leaves the line break between two string_content children out of both:
    // `psql -c "DROP⏎TABLE users"` was read as `DROPTABLE users` (unparsed, not a drop).
    const text = 'psql -c "DROP\nTABLE users"\necho "a\n  $X b"';
    const a = await analyze(text);
    assert.equal(only(a, 'psql').argv[2]?.value, 'DROP\nTABLE users');
    assert.equal(only(a, 'psql').argv[2]?.valueOffset, text.indexOf('DROP'));
    assert.equal(only(a, 'echo').argv[1]?.staticPrefix, 'a\n  ');
  });

  it('fills pipeline index, length and neighbours', async () => {
    const a = await analyze('ps aux | grep x |& wc -l');
    assert.deepEqual(
      a.commands.map((c) => c.pipeline),
      [
        { index: 0, length: 3, prev: undefined, next: 'grep' },
        { index: 1, length: 3, prev: 'ps', next: 'wc' },
        { index: 2, length: 3, prev: 'grep', next: undefined },
      ],
    );
  });

  it('walks subshells, groups, if/while/for/case and function bodies', async () => {
    const text =
      '(a) && { b; }; if c; then d; elif e; then f; else g; fi; while h; do i; done; ' +
      'for x in 1 2; do j; done; case $y in z) k;; esac; fn() { l; }; ! m';
    const a = await analyze(text);
    assert.deepEqual(
      a.commands.map((c) => c.name),
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'],
    );
    assert.ok(a.commands.every((c) => !c.inSubstitution));
  });

  it('marks commands inside $(…), backticks and process substitutions', async () => {
    const text = 'x=$(date) echo "$(whoami)" `id` <(ls) >(cat)';
    const a = await analyze(text);
    assert.equal(only(a, 'echo').inSubstitution, false);
    for (const name of ['date', 'whoami', 'id', 'ls', 'cat'])
      assert.equal(only(a, name).inSubstitution, true, name);
    assert.equal(spanText(text, only(a, 'whoami')), 'whoami');
    assert.deepEqual(only(a, 'echo').assignments, [{ name: 'x', value: undefined, raw: '$(date)' }]);
  });

  it('reads redirections with fds and targets', async () => {
    const text = 'cmd x 2>&1 >> out.log < in.txt &> /dev/null';
    const cmd = only(await analyze(text), 'cmd');
    assert.deepEqual(
      cmd.redirects.map((r) => [r.fd, r.op, r.target, spanText(text, r)]),
      [
        ['2', '>&', '1', '2>&1'],
        [undefined, '>>', 'out.log', '>> out.log'],
        [undefined, '<', 'in.txt', '< in.txt'],
        [undefined, '&>', '/dev/null', '&> /dev/null'],
      ],
    );
    assert.equal(spanText(text, cmd), text);
  });

  it('feeds heredoc bodies and here-strings to stdin with exact offsets', async () => {
    const text = "psql <<'EOF'\nDROP TABLE t;\nEOF\nmysql <<< 'DELETE FROM u'";
    const a = await analyze(text);
    const psql = only(a, 'psql');
    assert.equal(psql.stdin?.via, 'heredoc');
    assert.equal(psql.stdin?.text, 'DROP TABLE t;\n');
    assert.equal(text.slice(psql.stdin?.textOffset ?? -1).startsWith('DROP TABLE t;'), true);
    assert.equal(psql.stdin?.dynamic, undefined);
    assert.equal(spanText(text, psql), "psql <<'EOF'");
    const mysql = only(a, 'mysql');
    assert.deepEqual([mysql.stdin?.via, mysql.stdin?.text], ['herestring', 'DELETE FROM u']);
    assert.equal(mysql.stdin?.textOffset, text.indexOf('DELETE'));
  });

  it('marks unquoted heredocs with expansions as dynamic and walks their substitutions', async () => {
    const a = await analyze('cat <<EOF\nhello $USER $(hostname)\nEOF');
    assert.equal(only(a, 'cat').stdin?.dynamic, true);
    assert.equal(only(a, 'hostname').inSubstitution, true);
  });

  it('handles the heredoc quirk: `a && cat <<EOF | psql` pipes the heredoc into psql', async () => {
    const text = 'cd /srv && cat <<EOF | psql -d app\nDELETE FROM users;\nEOF\nls';
    const a = await analyze(text);
    assert.deepEqual(
      a.commands.map((c) => [c.name, c.pipeline.index, c.pipeline.length]),
      [
        ['cd', 0, 1],
        ['cat', 0, 2],
        ['psql', 1, 2],
        ['ls', 0, 1],
      ],
    );
    const psql = only(a, 'psql');
    assert.equal(psql.pipeline.prev, 'cat');
    assert.equal(psql.stdin?.via, 'pipe');
    assert.equal(psql.stdin?.text, 'DELETE FROM users;\n');
    assert.equal(
      text.slice(psql.stdin?.textOffset ?? -1, (psql.stdin?.textOffset ?? 0) + 18),
      'DELETE FROM users;',
    );
    assert.equal(spanText(text, psql), 'psql -d app');
    assert.deepEqual(
      only(a, 'cat').redirects.map((r) => r.op),
      ['<<'],
    );
  });

  it('keeps a pipeline before the heredoc: `a | cat <<EOF | b`, and `cat <<EOF > f`, `cat <<EOF && ls`', async () => {
    const a = await analyze('a | cat <<EOF | b\nq\nEOF');
    assert.deepEqual(
      a.commands.map((c) => [c.name, c.pipeline.index, c.pipeline.length]),
      [
        ['a', 0, 3],
        ['cat', 1, 3],
        ['b', 2, 3],
      ],
    );
    const b = await analyze('cat <<EOF > out.txt\nq\nEOF');
    assert.deepEqual(
      only(b, 'cat').redirects.map((r) => [r.op, r.target]),
      [
        ['<<', 'EOF'],
        ['>', 'out.txt'],
      ],
    );
    const c = await analyze('cat <<EOF && ls -l\nq\nEOF');
    assert.deepEqual(summary(c), [
      ['cat', ['cat']],
      ['ls', ['ls', '-l']],
    ]);
  });

  it('gives stdin via pipe from static echo / printf', async () => {
    const text = "echo 'SELECT 1' | psql; printf 'a %s\\n' x y | mysql; echo $X | psql";
    const a = await analyze(text);
    const [p1, p2] = a.commands.filter((c) => c.name === 'psql');
    assert.deepEqual([p1?.stdin?.via, p1?.stdin?.text], ['pipe', 'SELECT 1']);
    assert.equal(p1?.stdin?.textOffset, text.indexOf('SELECT 1'));
    assert.equal(only(a, 'mysql').stdin?.text, 'a x\na y\n');
    assert.equal(p2?.stdin, undefined);
  });
});

describe('analyzeShell: words', () => {
  it('removes quotes, keeps static prefixes, leaves expansions undefined', async () => {
    const text = `echo plain 'raw text' "dq \\"x\\"" a\\ b $'t\\tab' "/tmp/$X" \${Y:-z} $((1+2)) *.txt pre"fix"`;
    const echo = only(await analyze(text), 'echo');
    assert.deepEqual(
      echo.argv.map((w) => w.value),
      [
        'echo',
        'plain',
        'raw text',
        'dq "x"',
        'a b',
        't\tab',
        undefined,
        'z', // `${Y:-z}`: Y is not assigned in the text, so its literal default
        undefined,
        '*.txt',
        'prefix',
      ],
    );
    assert.equal(echo.argv[6]?.staticPrefix, '/tmp/');
    const raw = echo.argv[2];
    assert.equal(text.slice(raw?.valueOffset ?? -1, (raw?.valueOffset ?? 0) + 8), 'raw text');
    assert.equal(echo.argv[3]?.valueOffset, undefined, 'escapes removed: no 1:1 offset');
  });

  it('uses UTF-16 offsets (web-tree-sitter indexes JavaScript strings in code units)', async () => {
    const text = 'echo "é😀" && rm -rf /tmp/x';
    const rm = only(await analyze(text), 'rm');
    assert.equal(spanText(text, rm), 'rm -rf /tmp/x');
    assert.equal(rm.span.column, text.indexOf('rm') + 1);
  });

  it('treats quoted text as data', async () => {
    const a = await analyze('echo "DROP TABLE users"; grep -r "rm -rf" .');
    assert.deepEqual(summary(a), [
      ['echo', ['echo', 'DROP TABLE users']],
      ['grep', ['grep', '-r', 'rm -rf', '.']],
    ]);
    assert.deepEqual(a.findings, []);
  });

  it('records declarations as commands', async () => {
    const a = await analyze('export PGHOST=prod.db A=$(x)');
    const exp = only(a, 'export');
    assert.deepEqual(exp.assignments, [
      { name: 'PGHOST', value: 'prod.db', raw: 'prod.db' },
      { name: 'A', value: undefined, raw: '$(x)' },
    ]);
    assert.equal(only(a, 'x').inSubstitution, true);
  });

  it('records a statement of assignments only as a command without words', async () => {
    const a = await analyze('RAILGUARD_RUNTIME_DIR=/x B=$(y); ls');
    const bare = a.commands.find((c) => c.argv.length === 0);
    assert.ok(bare);
    assert.equal(bare.name, undefined);
    assert.deepEqual(bare.assignments, [
      { name: 'RAILGUARD_RUNTIME_DIR', value: '/x', raw: '/x' },
      { name: 'B', value: undefined, raw: '$(y)' },
    ]);
    assert.equal(only(a, 'y').inSubstitution, true);
    assert.equal(only(a, 'ls').assignments.length, 0);
  });
});

describe('analyzeShell: unparsed', () => {
  for (const text of ['if then fi', 'echo "unterminated', 'rm -rf / )', 'for do done', '((']) {
    it(`reports without crashing: ${text}`, async () => {
      const a = await analyze(text);
      assert.equal(a.hasErrors, true);
      const f = a.findings.filter((x) => x.ruleId === 'shell-unparsed');
      assert.ok(f.length > 0);
      assert.equal(f[0]?.category, 'unparsed');
    });
  }

  it('still yields the commands around an error', async () => {
    const a = await analyze('rm -rf /data; fi');
    assert.ok(a.commands.some((c) => c.name === 'rm'));
  });
});
