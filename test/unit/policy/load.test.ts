import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  compilePolicySchema,
  loadPolicyFile,
  parsePolicyText,
  type PolicyDiagnostic,
} from '../../../server/src/core/policy';
import { BUILTIN_DIR, HEADER } from './fixtures';

const where = (d: PolicyDiagnostic): string => `${d.code}@${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;
const KNOWN = { knownRuleIds: new Set(['drop-table', 'truncate', 'create-index-non-concurrently']) };

describe('loadPolicyFile diagnostics', () => {
  it('reports a YAML syntax error at its line and column, without a policy', () => {
    const r = parsePolicyText(`${HEADER}rules:\n  - id: a\n    effect: [deny\n`, 'p.yaml');
    assert.equal(r.policy, undefined);
    assert.equal(r.diagnostics[0]?.code, 'yaml-syntax');
    assert.equal(r.diagnostics[0]?.file, 'p.yaml');
    assert.equal(r.diagnostics[0]?.severity, 'error');
    assert.ok((r.diagnostics[0]?.line ?? 0) >= 7, where(r.diagnostics[0]!));
  });

  it('reports a duplicate YAML key at the second key', () => {
    const r = parsePolicyText(`${HEADER}mode: enforce\nmode: audit\n`);
    assert.deepEqual(r.diagnostics.map(where), ['yaml-syntax@6:1-6:2']);
  });

  it('reports a schema type error at the offending value', () => {
    const r = parsePolicyText(`${HEADER}rules:\n  - id: a\n    effect: deny\n    controls: yes\n`);
    assert.deepEqual(r.diagnostics.map(where), ['schema@8:15-8:18']);
    assert.match(r.diagnostics[0]?.message ?? '', /rules\[0\]\.controls must be array/);
  });

  it('reports a bad enum value at the value, naming the allowed ones', () => {
    const r = parsePolicyText(`${HEADER}rules:\n  - id: a\n    effect: block\n`);
    assert.deepEqual(r.diagnostics.map(where), ['schema@7:13-7:18']);
    assert.match(r.diagnostics[0]?.message ?? '', /"allow", "warn", "ask", "deny"/);
  });

  it('reports an unknown key at the key itself', () => {
    const r = parsePolicyText(`${HEADER}rules:\n  - id: a\n    efect: deny\n`);
    const codes = r.diagnostics.map(where);
    assert.ok(codes.includes('unknown-key@7:5-7:10'), codes.join());
    assert.match(r.diagnostics.find((d) => d.code === 'unknown-key')?.message ?? '', /'efect' in rules\[0\]/);
  });

  it('reports an unknown category at the list item, once', () => {
    const r = parsePolicyText(
      `${HEADER}rules:\n  - id: a\n    match: { category: [data-loss, dataloss] }\n    effect: deny\n`,
    );
    assert.deepEqual(r.diagnostics.map(where), ['unknown-category@7:36-7:44']);
    assert.match(r.diagnostics[0]?.message ?? '', /"dataloss"/);
  });

  it('reports an unknown rule id at the list item, as a warning (the policy still loads)', () => {
    const r = parsePolicyText(
      `${HEADER}rules:\n  - id: a\n    match:\n      ruleId: [drop-table, drop-tabel]\n    effect: deny\n`,
      'p',
      KNOWN,
    );
    assert.ok(r.policy);
    assert.deepEqual(r.diagnostics.map(where), ['unknown-rule-id@8:28-8:38']);
    assert.equal(r.diagnostics[0]?.severity, 'warning');
  });

  it('reports a duplicate rule id at the second id, as an error', () => {
    const r = parsePolicyText(`${HEADER}rules:\n  - id: a\n    effect: deny\n  - id: a\n    effect: warn\n`);
    assert.equal(r.policy, undefined);
    assert.deepEqual(r.diagnostics.map(where), ['duplicate-rule-id@8:9-8:10']);
  });

  it('reports a shadowed rule (different effect) and a redundant one (same effect)', () => {
    const text = `${HEADER}environments:\n  production: {}\nrules:
  - id: all-data-loss
    match: { category: [data-loss, lock] }
    effect: ask
  - id: prod-agent-drop
    match: { environment: production, actor: agent, category: data-loss }
    effect: deny
  - id: drop-table-only
    match: { ruleId: drop-table }
    effect: ask
  - id: agents-only
    match: { actor: agent }
    effect: deny
`;
    const r = parsePolicyText(text, 'p', {
      ...KNOWN,
      categoryOf: (id) => (id === 'drop-table' ? 'data-loss' : undefined),
    });
    assert.deepEqual(r.diagnostics.map(where), ['shadowed-rule@11:9-11:24', 'redundant-rule@14:9-14:24']);
    assert.match(r.diagnostics[0]?.message ?? '', /'all-data-loss' \(rules\[0\]\)/);
    assert.ok(r.policy, 'shadowing is a warning, the policy loads');
  });

  it('does not call a rule shadowed when the earlier rule is narrower on any field', () => {
    const text = `${HEADER}rules:
  - id: a
    match: { category: data-loss, actor: 'agent:claude-code' }
    effect: deny
  - id: b
    match: { category: data-loss, actor: agent }
    effect: ask
  - id: c
    match: { ruleId: drop-table }
    effect: warn
`;
    assert.deepEqual(parsePolicyText(text).diagnostics, []);
  });

  it('reports unknown environments and data classes at the reference', () => {
    const text = `${HEADER}environments:\n  production: {}\nrules:\n  - id: a\n    match: { environment: [production, prodution], dataClass: pii }\n    effect: deny\n`;
    const r = parsePolicyText(text);
    assert.deepEqual(r.diagnostics.map(where), [
      'unknown-environment@9:40-9:49',
      'unknown-data-class@9:63-9:66',
    ]);
  });

  it('loads resources: classes and reports an unknown resource class at the reference', () => {
    const text = `${HEADER}resources:\n  uploads: { paths: ['/srv/uploads/**'] }\nrules:\n  - id: a\n    match: { resource: [uploads, dynamic, upload] }\n    effect: deny\n`;
    const r = parsePolicyText(text);
    assert.deepEqual(r.policy?.resources, { uploads: { paths: ['/srv/uploads/**'] } });
    assert.deepEqual(r.policy?.rules[0]?.match.resource, ['uploads', 'dynamic', 'upload']);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['unknown-resource-class'],
    );
    const bad = parsePolicyText(`${HEADER}resources:\n  x: { globs: [a] }\n`);
    assert.deepEqual(
      bad.diagnostics.map((d) => d.code),
      ['unknown-key'],
    );
  });

  it('refuses custom YAML tags and oversized files', () => {
    const tagged = parsePolicyText(`${HEADER}mode: !!js/function "function () {}"\n`);
    assert.deepEqual(
      tagged.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`),
      ['yaml-tag@5:7'],
    );
    const big = parsePolicyText(`${HEADER}#${'x'.repeat(1024 * 1024)}\n`);
    assert.deepEqual(
      big.diagnostics.map((d) => d.code),
      ['too-large'],
    );
  });

  it('refuses a list or mapping used as a key', () => {
    const r = parsePolicyText(`${HEADER}? [a, b]\n: 1\n`);
    assert.deepEqual(r.diagnostics.map(where), ['yaml-syntax@5:3-5:9']);
  });

  it('stops an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const r = parsePolicyText(lines.join('\n'));
    assert.equal(r.policy, undefined);
    assert.ok(
      r.diagnostics.some((d) => d.code === 'yaml-syntax' && /alias/i.test(d.message)),
      JSON.stringify(r.diagnostics),
    );
  });

  it('gives a read-error for a missing file', () => {
    const r = loadPolicyFile('/nonexistent/railguard/policy.yaml');
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['read-error'],
    );
  });

  it('loads the default policy without any diagnostic and records rule/test positions', () => {
    const file = path.join(BUILTIN_DIR, 'default.yaml');
    const r = loadPolicyFile(file, KNOWN);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code !== 'unknown-rule-id'),
      [],
    );
    assert.ok(r.policy);
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const rule of r.policy.rules)
      assert.match(lines[(rule.range?.line ?? 0) - 1] ?? '', new RegExp(`id: ${rule.id}$`));
    for (const t of r.policy.tests)
      assert.ok(lines[(t.range?.line ?? 0) - 1]?.includes(`name: ${t.name}`), t.name);
  });
});

describe('loadPolicyFile on malformed input', () => {
  const text = readFileSync(path.join(BUILTIN_DIR, 'default.yaml'), 'utf8');
  const validate = compilePolicySchema();
  it('never throws and never passes silently on truncations and corruptions of the default policy', () => {
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    let failed = 0;
    for (let i = 0; i < 60; i++) {
      const cut = rand(text.length);
      const variants = [
        text.slice(0, cut),
        text.slice(0, cut) + '\t:{[' + text.slice(cut),
        text.slice(0, cut) + text.slice(Math.min(text.length, cut + 1 + rand(40))),
      ];
      for (const v of variants) {
        const r = parsePolicyText(v, 'fuzz.yaml', { validate });
        for (const d of r.diagnostics) {
          assert.ok(d.line >= 1 && d.column >= 1 && d.endLine >= d.line, JSON.stringify(d));
        }
        if (!r.policy) {
          failed++;
          assert.ok(
            r.diagnostics.some((d) => d.severity === 'error'),
            'a refused policy has an error diagnostic',
          );
        }
      }
    }
    assert.ok(failed > 20, `most corruptions are refused (${failed})`);
  });

  it('handles non-policy YAML values', () => {
    for (const v of ['', '42', '- a\n- b', 'null', '~', '"x"', '{}', '[[[[', '\u0000\u0001', 'a: b: c']) {
      const r = parsePolicyText(v, 'v.yaml', { validate });
      assert.equal(r.policy, undefined, JSON.stringify(v));
      assert.ok(r.diagnostics.length > 0, JSON.stringify(v));
    }
  });
});
