import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from './helpers';

/** Rule ids and message ids of the analyzer's findings. */
async function findings(text: string): Promise<string[]> {
  const a = await analyze(text);
  return a.findings.map((f) => `${f.ruleId}:${f.messageId ?? ''}`);
}

describe('limits: deep or huge text never throws and never passes silently', () => {
  it('$( nested 1,200 deep is shell-unparsed (tooDeep), not a stack overflow', async () => {
    const text = '$('.repeat(1200) + 'ls' + ')'.repeat(1200);
    assert.ok((await findings(text)).includes('shell-unparsed:tooDeep'));
  });

  it('5,000 && are walked without recursion, every command found', async () => {
    const text = Array.from({ length: 5000 }, () => 'ls').join(' && ') + ' && rm -rf /';
    const a = await analyze(text);
    assert.equal(a.commands.length, 5001);
    assert.equal(a.commands.at(-1)?.name, 'rm');
  });

  it('3,000 nested subshells are reported, not thrown', async () => {
    const text = '('.repeat(3000) + 'rm -rf /' + ')'.repeat(3000);
    const ids = await findings(text);
    assert.ok(
      ids.some((id) => id.startsWith('shell-unparsed:')),
      ids.join(),
    );
  });

  it('a long && list of mixed operators keeps order: a || b; c && d', async () => {
    const a = await analyze('a || b; c && d');
    assert.deepEqual(
      a.commands.map((c) => c.name),
      ['a', 'b', 'c', 'd'],
    );
  });

  it('functions calling each other past the nesting budget are opaque, not endless', async () => {
    const defs = Array.from({ length: 12 }, (_, i) => `f${i}(){ f${i + 1} "$1"; }`).join('; ');
    const ids = await findings(`${defs}; f12(){ rm -rf "$1"; }; f0 /`);
    assert.ok(ids.includes('opaque-execution:tooDeep'), ids.join());
  });

  it('brace expansion is bounded: {1..100000} is left as written', async () => {
    const a = await analyze('echo {1..100000}');
    assert.equal(a.commands[0]?.argv.length, 2);
  });
});

describe('limits: control characters never hide a command', () => {
  const cases = [
    'ls\0; rm -rf /',
    'ls \x01; rm -rf /',
    'echo a\0b && rm -rf /',
    'ls\r\nrm -rf /',
    'ls \x1b[0m; rm -rf /',
  ];
  for (const text of cases) {
    it(JSON.stringify(text), async () => {
      const a = await analyze(text);
      assert.ok(
        a.commands.some((c) => c.argv.map((w) => w.value).join(' ') === 'rm -rf /'),
        JSON.stringify(a.commands.map((c) => c.name)),
      );
    });
  }

  it('a NUL before the program is reported', async () => {
    const ids = await findings('\0rm -rf /');
    assert.ok(ids.some((id) => id.startsWith('shell-unparsed:')));
  });
});
