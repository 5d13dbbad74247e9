import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../server/src/core/text';
import { codeStart, commentLinesAbove, parseSuppressions } from '../../../server/src/lsp/suppressions';

describe('railguard-ignore comments', () => {
  it('parses statement and file suppressions with several ids, reason and id spans', () => {
    const text =
      'SELECT 1;\n-- railguard-ignore drop-table, truncate-table: nightly reset\n  --railguard-ignore-file unparsed\n';
    const s = parseSuppressions(text, new LineIndex(text));
    assert.deepEqual(
      s.map((x) => ({ scope: x.scope, ids: x.rules.map((r) => r.id), reason: x.reason, line: x.line })),
      [
        { scope: 'statement', ids: ['drop-table', 'truncate-table'], reason: 'nightly reset', line: 2 },
        { scope: 'file', ids: ['unparsed'], reason: '', line: 3 },
      ],
    );
    const truncate = s[0]?.rules[1];
    assert.ok(truncate);
    assert.equal(text.slice(truncate.span.start, truncate.span.end), 'truncate-table');
    assert.equal(truncate.span.line, 2);
  });

  it('ignores other comments and text that only mentions the marker', () => {
    const text = "-- railguard-ignored is not a marker\nSELECT '-- railguard-ignore';\n-- just a comment\n";
    assert.deepEqual(
      parseSuppressions(text, new LineIndex(text)).map((s) => s.rules.map((r) => r.id)),
      [],
    );
  });

  it('codeStart skips whitespace, line and block comments', () => {
    const text = '\n  -- a\n/* b\n c */\n  DROP TABLE t;';
    assert.equal(text.slice(codeStart(text, 0)), 'DROP TABLE t;');
    assert.equal(codeStart('-- only a comment', 0), '-- only a comment'.length);
  });

  it('commentLinesAbove stops at a blank or code line', () => {
    const lines = ['SELECT 1;', '-- a', '', '-- b', '-- c', 'DROP TABLE t;'];
    assert.deepEqual([...commentLinesAbove(lines, 6)], [5, 4]);
    assert.deepEqual([...commentLinesAbove(lines, 1)], []);
  });
});
