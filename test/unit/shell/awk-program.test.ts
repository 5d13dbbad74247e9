import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awkCommands, awkStaticOutput } from '../../../server/src/core/shell/awk-program';
import { analyze } from './helpers';

describe('awk programs: what they print and run', () => {
  it('reads the static output of a BEGIN-only program of prints', () => {
    assert.equal(awkStaticOutput('BEGIN { print "DROP TABLE t;" }'), 'DROP TABLE t;\n');
    assert.equal(awkStaticOutput('BEGIN{print "a", "b"; print "c" "d"}'), 'a b\ncd\n');
    assert.equal(awkStaticOutput('BEGIN {\n  print "x"\n  print "y"\n}'), 'x\ny\n');
  });
  it('has no static output when the program reads input or prints anything else', () => {
    for (const src of [
      '{ print $1 }',
      'BEGIN { print x }',
      'BEGIN { print "a" } { print }',
      'END { print "a" }',
    ])
      assert.equal(awkStaticOutput(src), undefined, src);
  });
  it('gives a command run by print | CMD the printed static text as input', () => {
    const [c] = awkCommands('BEGIN {print "DROP TABLE users" | "psql -h prod-db"}').texts;
    assert.deepEqual([c?.text, c?.input, c?.readsOutput], ['psql -h prod-db', 'DROP TABLE users\n', true]);
    const [d] = awkCommands('{print $1 | "sort"}').texts;
    assert.deepEqual([d?.text, d?.input], ['sort', undefined]);
  });
  it('the command reading the text sees it as stdin, inside awk or after a pipe', async () => {
    const stdinOf = async (text: string, name: string) =>
      (await analyze(text)).commands.find((c) => c.name === name)?.stdin;
    const inside = await stdinOf(`awk 'BEGIN {print "DROP TABLE users" | "psql -h prod-db"}'`, 'psql');
    assert.equal(inside?.text, 'DROP TABLE users\n');
    assert.equal(inside?.dynamic, undefined);
    const piped = await stdinOf(`awk 'BEGIN { print "FLUSHALL" }' | redis-cli -h prod-cache`, 'redis-cli');
    assert.equal(piped?.text, 'FLUSHALL\n');
    // Input the program reads at run time stays run-time data.
    const dynamic = await stdinOf(`awk '{print | "sh"}' cmds.txt`, 'sh');
    assert.equal(dynamic?.dynamic, true);
  });
});
