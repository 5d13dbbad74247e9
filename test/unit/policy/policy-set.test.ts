import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadPolicySet } from '../../../server/src/core/policy';
import { BUILTIN_DIR, HEADER } from './fixtures';

describe('loadPolicySet', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'railguard-policy-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, '.railguard', 'policies');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'a.yaml'),
    `${HEADER}rules:\n  - id: r\n    match: { environment: production, actor: 'agent:claude-code' }\n    effect: deny\n`,
  );
  writeFileSync(path.join(dir, 'b.yml'), `${HEADER}rules:\n  - id: r\n    effect: nope\n`);
  writeFileSync(path.join(dir, 'notes.txt'), 'not a policy');

  it('orders workspace policies before built-in ones and reports broken files with their path', () => {
    const set = loadPolicySet({ builtinDir: BUILTIN_DIR, workspaceDir: root, trusted: false });
    assert.deepEqual(
      set.entries.map((e) => `${e.origin}:${path.basename(e.policy.file)}`),
      ['workspace:a.yaml', 'builtin:default.yaml'],
    );
    assert.deepEqual(
      set.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}:${d.code}`),
      ['b.yml:7:13:schema'],
    );
    assert.equal(set.trusted, false);
  });

  it('loads a file named both as built-in and as an extra policy once', () => {
    const set = loadPolicySet({
      builtinDir: BUILTIN_DIR,
      extraFiles: [path.join(BUILTIN_DIR, 'default.yaml')],
      trusted: true,
    });
    assert.deepEqual(
      set.entries.map((e) => e.origin),
      ['builtin'],
    );
  });

  it('reports a missing built-in folder instead of judging without a baseline', () => {
    const set = loadPolicySet({ builtinDir: path.join(root, 'missing'), trusted: true });
    assert.deepEqual(set.entries, []);
    assert.deepEqual(
      set.diagnostics.map((d) => d.code),
      ['read-error'],
    );
  });
});
