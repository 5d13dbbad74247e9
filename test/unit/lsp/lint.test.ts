import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeActionParams } from 'vscode-languageserver';
import { codeActions } from '../../../server/src/lsp/actions';
import { toDiagnosticData, toDiagnostics } from '../../../server/src/lsp/diagnostics';
import { hoverAt } from '../../../server/src/lsp/hover';
import { lintSql } from '../../../server/src/lsp/lint';
import { CORPUS, NEEDS_CORPUS, parsers } from '../../helpers/parsers';

const LEMMY = path.join(CORPUS, 'migrations', 'LemmyNet__lemmy', 'migrations');

/** Applies LSP edits (single-line ranges suffice here) to text. */
function applyEdits(
  text: string,
  edits: { range: { start: { line: number; character: number } }; newText: string }[],
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    const at = offset(e.range.start);
    out = out.slice(0, at) + e.newText + out.slice(at);
  }
  return out;
}

describe('LSP lint adapter', () => {
  it(
    'reports DROP TABLE in a corpus down.sql at the table name with a doc link and fixes in data',
    { skip: NEEDS_CORPUS },
    async () => {
      const text = fs.readFileSync(
        path.join(LEMMY, '2022-08-05-203502_add_person_post_aggregates', 'down.sql'),
        'utf8',
      );
      const ds = toDiagnostics(lintSql(await parsers(), text, { dialect: 'postgresql' }), 7);
      const drop = ds.find((d) => d.code === 'drop-table');
      assert.ok(drop);
      assert.equal(drop.source, 'railguard');
      const line = text.split('\n')[drop.range.start.line] ?? '';
      assert.equal(
        line.slice(drop.range.start.character, drop.range.end.character),
        'person_post_aggregates',
      );
      assert.match(drop.codeDescription?.href ?? '', /\/docs\/rules\/drop-table\.md$/);
      const data = toDiagnosticData(drop.data);
      assert.equal(data?.version, 7);
      assert.deepEqual(
        data?.fixes.slice(-2).map((f) => f.title),
        ['Ignore drop-table for this statement', 'Ignore drop-table for this file'],
      );
    },
  );

  it('a statement suppression silences only the statement below it; the ignore fix round-trips', async () => {
    const p = await parsers();
    const text = 'DROP TABLE a;\n\n  DROP TABLE b;\n';
    const first = toDiagnostics(lintSql(p, text, { dialect: 'postgresql' }), 1).filter(
      (d) => d.code === 'drop-table',
    );
    assert.equal(first.length, 2);
    const second = first[1];
    assert.ok(second);
    const params = {
      textDocument: { uri: 'file:///m/down.sql' },
      range: second.range,
      context: { diagnostics: [second] },
    } as CodeActionParams;
    const ignore = codeActions(params, 1).find((a) => a.title === 'Ignore drop-table for this statement');
    const edits = ignore?.edit?.changes?.['file:///m/down.sql'];
    assert.ok(edits);
    const fixed = applyEdits(text, edits);
    assert.equal(fixed, 'DROP TABLE a;\n\n  -- railguard-ignore drop-table: <reason>\n  DROP TABLE b;\n');
    const after = lintSql(p, fixed, { dialect: 'postgresql' }).findings.filter(
      (f) => f.finding.ruleId === 'drop-table',
    );
    assert.deepEqual(
      after.map((f) => [f.finding.span.line, f.finding.suppressed?.reason]),
      [
        [1, undefined],
        [4, '<reason>'],
      ],
    );
    assert.deepEqual(codeActions(params, 2), [], 'no actions for a stale document version');
  });

  it('a file suppression silences the rule everywhere; an unknown id is reported at the id', async () => {
    const text =
      '-- railguard-ignore-file drop-table: scratch schema\n-- railguard-ignore no-such-rule\nDROP TABLE a;\n';
    const ds = toDiagnostics(lintSql(await parsers(), text, { dialect: 'postgresql' }), 1);
    assert.ok(!ds.some((d) => d.code === 'drop-table'));
    const unknown = ds.filter((d) => d.code === 'unknown-suppression');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0]?.range.start.line, 1);
    assert.match(JSON.stringify(unknown[0]?.message), /no-such-rule/);
    assert.equal(
      toDiagnosticData(unknown[0]?.data)?.fixes.length,
      0,
      'no "ignore" fix for a bad suppression',
    );
  });

  it('SQL the parser rejects becomes an unparsed diagnostic, never silence', async () => {
    const ds = toDiagnostics(lintSql(await parsers(), 'DROP TABLE ;\n', { dialect: 'postgresql' }), 1);
    assert.ok(
      ds.some((d) => d.code === 'unparsed'),
      JSON.stringify(ds.map((d) => d.code)),
    );
  });

  it('hover explains the rule under the cursor, also on an id in a suppression comment', async () => {
    const text = '-- railguard-ignore drop-table: kept\nDROP TABLE a;\nDROP TABLE b;\n';
    const result = lintSql(await parsers(), text, { dialect: 'postgresql' });
    const onB = hoverAt(result, text, { line: 2, character: 11 });
    assert.match(JSON.stringify(onB?.contents), /\*\*Problem\.\*\*/);
    const onComment = hoverAt(result, text, { line: 0, character: 22 });
    assert.match(JSON.stringify(onComment?.contents), /`drop-table`/);
    const onA = hoverAt(result, text, { line: 1, character: 11 });
    assert.match(JSON.stringify(onA?.contents), /suppressed here: kept/);
    assert.equal(hoverAt(result, text, { line: 3, character: 0 }), null);
  });
});
