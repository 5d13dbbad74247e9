import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { analyzeShell } from '../../../server/src/core/shell/analyze';
import { extractEmbeddedSql } from '../../../server/src/core/shell/embedded-sql';
import { CORPUS, NEEDS_CORPUS, parsers } from '../../helpers/parsers';

it('analyzes every real command of the shell corpus without crashing', { skip: NEEDS_CORPUS }, async (t) => {
  const p = await parsers();
  const lines = fs
    .readFileSync(path.join(CORPUS, 'shell/all.cm'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  let errors = 0;
  let opaque = 0;
  let sql = 0;
  let silent = 0;
  for (const line of lines) {
    const a = analyzeShell(p, line);
    if (a.hasErrors) errors++;
    if (a.findings.some((f) => f.ruleId === 'opaque-execution')) opaque++;
    if (a.commands.some((c) => extractEmbeddedSql(c).length > 0)) sql++;
    // Bad input never passes silently: a line yields commands or a finding (comments and bare
    // variable assignments such as `PS4='…'`, which run nothing, aside).
    const runsNothing = line.trim().startsWith('#') || /^[A-Za-z_]\w*=/.test(line);
    if (a.commands.length === 0 && a.findings.length === 0 && !runsNothing) silent++;
    for (const c of a.commands) {
      assert.ok(c.span.start >= 0 && c.span.end <= line.length && c.span.start <= c.span.end, line);
    }
  }
  t.diagnostic(`lines=${lines.length} treeSitterErrors=${errors} opaque=${opaque} embeddedSql=${sql}`);
  assert.equal(lines.length, 12607);
  assert.equal(silent, 0);
  assert.ok(errors < lines.length / 10, `too many parse errors: ${errors}`);
});
