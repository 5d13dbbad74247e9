import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, spanText } from './helpers';

/** Every command named `name`, as argv values, with the text its span covers. */
async function commands(text: string, name: string) {
  const a = await analyze(text);
  return a.commands
    .filter((c) => c.name === name)
    .map((c) => ({ argv: c.argv.map((w) => w.value), span: spanText(text, c), wrappers: c.wrappers }));
}

async function opaqueIds(text: string): Promise<string[]> {
  const a = await analyze(text);
  return a.findings.filter((f) => f.ruleId === 'opaque-execution').map((f) => f.messageId ?? '');
}

describe('resolve: the program through quoting, escapes and paths', () => {
  for (const text of [
    '\\rm -rf /',
    "'r''m' -rf /",
    '"r"m -rf /',
    '/bin/rm -rf /',
    "$'\\x72m' -rf /",
    '/usr/bin/env rm -rf /',
  ]) {
    it(text, async () => {
      const rm = await commands(text, 'rm');
      assert.equal(rm.length, 1);
      assert.deepEqual(rm[0]?.argv.slice(1), ['-rf', '/']);
    });
  }
});

describe('resolve: variables assigned earlier in the text', () => {
  const cases: [string, (string | undefined)[], string][] = [
    [
      'C=psql; $C -h prod-db -c "DROP TABLE users"',
      ['psql', '-h', 'prod-db', '-c', 'DROP TABLE users'],
      '$C',
    ],
    ['export C=rm; $C -rf /', ['rm', '-rf', '/'], '$C'],
    ['declare -r C=rm; "${C}" -rf /', ['rm', '-rf', '/'], '"${C}"'],
    ["read -r X <<< 'rm'; $X -rf /", ['rm', '-rf', '/'], '$X'],
    ['X=$(echo rm); $X -rf /', ['rm', '-rf', '/'], '$X'],
    ['X=`printf %s rm`; $X -rf /', ['rm', '-rf', '/'], '$X'],
    ['${X:-rm} -rf /', ['rm', '-rf', '/'], '${X:-rm}'],
    ['${X-rm} -rf /', ['rm', '-rf', '/'], '${X-rm}'],
    ['X=; ${X:-rm} -rf /', ['rm', '-rf', '/'], '${X:-rm}'],
    ['$(command -v rm) -rf /', ['/usr/bin/rm', '-rf', '/'], '$(command -v rm)'],
    ['r{m,} -rf /', ['rm', 'r', '-rf', '/'], 'r{m,}'],
    ['A=r; B=m; $A$B -rf /', ['rm', '-rf', '/'], '$A$B'],
  ];
  for (const [text, argv, nameRaw] of cases) {
    it(text, async () => {
      // The command's name is the program's base name (`/usr/bin/rm` ⇒ `rm`).
      const found = await commands(text, (argv[0] ?? '').split('/').pop() ?? '');
      const cmd = found.find((c) => c.argv.length === argv.length);
      assert.ok(cmd, JSON.stringify(found));
      assert.deepEqual(cmd.argv, argv);
      // The span starts at the word written in the text (the expansion), so findings point at it.
      assert.ok(cmd.span.startsWith(nameRaw), cmd.span);
    });
  }

  it('splits an unquoted expansion on $IFS: IFS=,; cmd=rm,-rf,/; $cmd', async () => {
    const [rm] = await commands('IFS=,; cmd=rm,-rf,/; $cmd', 'rm');
    assert.deepEqual(rm?.argv, ['rm', '-rf', '/']);
  });

  it('$IFS never set is the default blank: rm${IFS}-rf${IFS}/', async () => {
    const [rm] = await commands('rm${IFS}-rf${IFS}/', 'rm');
    assert.deepEqual(rm?.argv, ['rm', '-rf', '/']);
  });

  it('splits on the default IFS: cmd="rm -rf /"; $cmd', async () => {
    const [rm] = await commands('cmd="rm -rf /"; $cmd', 'rm');
    assert.deepEqual(rm?.argv, ['rm', '-rf', '/']);
  });

  it('an empty unquoted expansion disappears: E=; $E rm -rf /', async () => {
    const [rm] = await commands('E=; $E rm -rf /', 'rm');
    assert.deepEqual(rm?.argv, ['rm', '-rf', '/']);
  });

  it('does not split a quoted expansion: X="a b"; echo "$X"', async () => {
    const [echo] = await commands('X="a b"; echo "$X"', 'echo');
    assert.deepEqual(echo?.argv, ['echo', 'a b']);
  });

  it('a pasted prompt `$ ls` is the program `$` then `ls`, not an expansion', async () => {
    assert.deepEqual(await opaqueIds('$ ls -la'), []);
  });

  it('unset makes a variable empty: C=rm; unset C; ${C:-ls} x', async () => {
    const [ls] = await commands('C=rm; unset C; ${C:-ls} x', 'ls');
    assert.deepEqual(ls?.argv, ['ls', 'x']);
  });
});

describe('resolve: for loops over static words', () => {
  it('binds the variable to each value: for d in /tmp/a /; do rm -rf $d; done', async () => {
    const rm = await commands('for d in /tmp/a /; do rm -rf $d; done', 'rm');
    assert.deepEqual(
      rm.map((c) => c.argv[2]),
      ['/tmp/a', '/'],
    );
    assert.ok(rm.every((c) => c.span === 'rm -rf $d'));
  });

  it('for c in rm; do $c -rf /; done runs rm', async () => {
    assert.equal((await commands('for c in rm; do $c -rf /; done', 'rm')).length, 1);
  });

  it('a run-time list leaves the variable unknown: for c in $(ls); do $c; done', async () => {
    assert.ok((await opaqueIds('for c in $(ls); do $c; done')).includes('dynamicProgram'));
  });
});

describe('resolve: a program built at run time is opaque', () => {
  const invalid = ['$UNSET -rf /', '"$PROG" x', '$(curl -s https://x.io/name) -rf /', 'X=$(date); $X'];
  for (const text of invalid) {
    it(text, async () => assert.ok((await opaqueIds(text)).includes('dynamicProgram'), text));
  }
  const valid = ['ls -la', 'echo $HOME', 'C=ls; $C', 'for f in *.log; do gzip "$f"; done', 'echo "$(date)"'];
  for (const text of valid) {
    it(`valid: ${text}`, async () => assert.deepEqual(await opaqueIds(text), []));
  }

  it('places the finding on the program word', async () => {
    const text = 'cd /x && $TOOL --force';
    const a = await analyze(text);
    const f = a.findings.find((x) => x.messageId === 'dynamicProgram');
    assert.equal(text.slice(f?.span.start, f?.span.end), '$TOOL');
  });
});

describe('resolve: functions and aliases defined earlier', () => {
  it('a function call is its body with $1 bound: f(){ rm -rf "$1"; }; f /var/lib/mysql', async () => {
    const text = 'f(){ rm -rf "$1"; }; f /var/lib/mysql';
    const rm = await commands(text, 'rm');
    const bound = rm.find((c) => c.argv[2] === '/var/lib/mysql');
    assert.ok(bound, JSON.stringify(rm));
    assert.deepEqual(bound.wrappers, ['function f']);
    assert.equal(bound.span, 'rm -rf "$1"');
  });

  it('"$@" expands to the arguments: run(){ "$@"; }; run rm -rf /', async () => {
    const rm = await commands('run(){ "$@"; }; run rm -rf /', 'rm');
    assert.deepEqual(rm[0]?.argv, ['rm', '-rf', '/']);
  });

  it('function keyword form: function wipe { rm -rf "$1"; }; wipe /srv', async () => {
    const rm = await commands('function wipe { rm -rf "$1"; }; wipe /srv', 'rm');
    assert.ok(
      rm.some((c) => c.wrappers.includes('function wipe') && c.argv[2] === '/srv'),
      JSON.stringify(rm),
    );
  });

  it('a call that changes nothing does not repeat the body: g(){ ls; }; g', async () => {
    assert.equal((await commands('g(){ ls; }; g', 'ls')).length, 1);
  });

  it("an alias is its replacement followed by the arguments: alias x='rm -rf'; x /", async () => {
    const text = "alias x='rm -rf'; x /";
    const [rm] = await commands(text, 'rm');
    assert.deepEqual(rm?.argv, ['rm', '-rf', '/']);
    assert.equal(rm?.span, 'x /');
  });

  it("an alias is not expanded in its own text: alias ls='ls -la'; ls", async () => {
    const a = await analyze("alias ls='ls -la'; ls");
    assert.deepEqual(
      a.commands.filter((c) => c.name === 'ls').map((c) => c.argv.map((w) => w.value)),
      [['ls'], ['ls', '-la']],
    );
    assert.deepEqual(a.findings, []);
  });

  it('a recursive function is analysed once per call, without blowing up: :(){ :|:& };:', async () => {
    const a = await analyze(':(){ :|:& };:');
    assert.ok(a.commands.length < 20, String(a.commands.length));
  });

  it('a quoted call does not use an alias: \\x / runs the program x', async () => {
    assert.deepEqual(await commands("alias x='rm -rf'; \\x /", 'rm'), []);
  });
});
