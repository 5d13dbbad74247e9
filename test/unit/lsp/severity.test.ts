import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { PolicySets } from '../../../server/src/lsp/decisions';
import { approvePolicies, trustStorePath } from '../../../server/src/runtime/trust-store';
import { toDiagnostics } from '../../../server/src/lsp/diagnostics';
import { lintSql, type LintResult } from '../../../server/src/lsp/lint';
import { toSettings } from '../../../server/src/lsp/settings';
import { judgeFindings, parseActorSetting } from '../../../server/src/lsp/severity';
import { CORPUS, NEEDS_CORPUS, parsers } from '../../helpers/parsers';

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
const messageOf = (d: Diagnostic | undefined): string =>
  d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value;

const BUILTIN = path.resolve(__dirname, '../../../policies');
const DROP_DOWN = path.join(
  CORPUS,
  'migrations',
  'LemmyNet__lemmy',
  'migrations',
  '2022-08-05-203502_add_person_post_aggregates',
  'down.sql',
);

/** A temp workspace folder with `.railguard/policies/team.yaml` holding `rules`. */
function workspaceWith(rulesYaml: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'railguard-severity-'));
  fs.mkdirSync(path.join(dir, '.railguard', 'policies'), { recursive: true });
  const text = [
    'apiVersion: railguard.dev/v1',
    'kind: Policy',
    'metadata:',
    '  name: team',
    'rules:',
    ...rulesYaml,
  ];
  fs.writeFileSync(path.join(dir, '.railguard', 'policies', 'team.yaml'), text.join('\n') + '\n');
  return dir;
}

const ALLOW_DROPS_IN_DEV = [
  '  - id: allow-drops-in-dev',
  '    match: { environment: development, ruleId: [drop-table] }',
  '    effect: allow',
];

describe('diagnostic severity from policy', { skip: NEEDS_CORPUS }, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const lintDrop = async (): Promise<{ result: LintResult; text: string }> => {
    const text = fs.readFileSync(DROP_DOWN, 'utf8');
    return { result: lintSql(await parsers(), text, { dialect: 'postgresql' }), text };
  };
  const dropDiagnostic = (
    result: LintResult,
    text: string,
    sets: PolicySets,
    folder: string | undefined,
    settings: { environment: string; actor: string },
  ) => {
    const j = judgeFindings(
      sets.get(folder, []),
      result.findings.map((l) => l.finding),
      { ...settings, text },
    );
    const d = toDiagnostics(result, 1, j).find((x) => x.code === 'drop-table');
    assert.ok(d, 'a drop-table diagnostic');
    return { d, j };
  };

  it('built-in policy, auto environment (development), agent: DROP TABLE asks ⇒ Warning, with the rule named', async () => {
    const { result, text } = await lintDrop();
    const { d, j } = dropDiagnostic(result, text, new PolicySets(BUILTIN, () => true), undefined, {
      environment: 'auto',
      actor: 'agent',
    });
    assert.equal(j.environment, 'development');
    assert.deepEqual(j.problems, []);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(
      messageOf(d),
      /\nPolicy: ask for an agent in development \(rule default\/ask-data-loss\)\.$/,
    );
  });

  it('railguard.environment accepts a declared alias (prod) and judges as production', async () => {
    const { result, text } = await lintDrop();
    const { d, j } = dropDiagnostic(result, text, new PolicySets(BUILTIN, () => true), undefined, {
      environment: 'Prod',
      actor: 'agent',
    });
    assert.deepEqual(j.problems, []);
    assert.equal(j.environment, 'production');
    assert.equal(d.severity, DiagnosticSeverity.Error);
  });

  it('production: an agent is denied (Error), a human is asked (Warning)', async () => {
    const { result, text } = await lintDrop();
    const sets = new PolicySets(BUILTIN, () => true);
    const agent = dropDiagnostic(result, text, sets, undefined, {
      environment: 'production',
      actor: 'agent',
    });
    assert.equal(agent.d.severity, DiagnosticSeverity.Error);
    assert.match(messageOf(agent.d), /default\/prod-agent-no-data-loss/);
    const human = dropDiagnostic(result, text, sets, undefined, {
      environment: 'production',
      actor: 'human:alice',
    });
    assert.equal(human.d.severity, DiagnosticSeverity.Warning);
    assert.match(messageOf(human.d), /human alice in production \(rule default\/prod-human-ask-risky\)/);
  });

  it('a workspace policy allowing drop-table in development makes it a Hint once approved; unapproved or untrusted, it cannot', async () => {
    const { result, text } = await lintDrop();
    const folder = workspaceWith(ALLOW_DROPS_IN_DEV);
    dirs.push(folder);
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-sev-config-'));
    dirs.push(config);
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = config;
    after(() => {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    });
    const unapproved = dropDiagnostic(result, text, new PolicySets(BUILTIN, () => true), folder, {
      environment: 'auto',
      actor: 'agent',
    });
    assert.equal(
      unapproved.d.severity,
      DiagnosticSeverity.Warning,
      'an unapproved workspace policy cannot weaken',
    );
    const files = fs.readdirSync(path.join(folder, '.railguard/policies'));
    approvePolicies(
      trustStorePath(process.env),
      files.map((f) => path.join(folder, '.railguard/policies', f)),
    );
    const trusted = dropDiagnostic(result, text, new PolicySets(BUILTIN, () => true), folder, {
      environment: 'auto',
      actor: 'agent',
    });
    assert.equal(trusted.d.severity, DiagnosticSeverity.Hint);
    assert.match(messageOf(trusted.d), /Policy: allow .*team\/allow-drops-in-dev/);
    const untrusted = dropDiagnostic(result, text, new PolicySets(BUILTIN, () => false), folder, {
      environment: 'auto',
      actor: 'agent',
    });
    assert.equal(untrusted.d.severity, DiagnosticSeverity.Warning, 'an untrusted workspace cannot weaken');
  });

  it('other findings of the same document keep their own verdicts (one evaluation, per-finding effects)', async () => {
    const p = await parsers();
    const text = 'DROP TABLE a;\nCREATE INDEX i ON t (c);\n-- railguard-ignore no-such-rule\nSELECT 1;\n';
    const result = lintSql(p, text, { dialect: 'postgresql' });
    const set = new PolicySets(BUILTIN, () => true).get(undefined, []);
    const j = judgeFindings(
      set,
      result.findings.map((l) => l.finding),
      { environment: 'development', actor: 'agent', text },
    );
    assert.equal(j.verdicts.length, result.findings.length);
    const ds = toDiagnostics(result, 1, j);
    const by = (code: string) => ds.find((d) => d.code === code)?.severity;
    assert.equal(by('drop-table'), DiagnosticSeverity.Warning);
    assert.equal(by('create-index-non-concurrently'), DiagnosticSeverity.Information, 'warn-other-findings');
    const unknown = ds.find((d) => d.code === 'unknown-suppression');
    assert.ok(unknown);
    const meta = result.findings.find((l) => l.finding.ruleId === 'unknown-suppression');
    assert.ok(meta);
    assert.equal(j.verdicts[result.findings.indexOf(meta)], undefined, 'not judged by the policy');
    assert.doesNotMatch(messageOf(unknown), /Policy:/);
  });

  it('settings that cannot be honoured are reported, and judging falls back to an agent', async () => {
    const { result, text } = await lintDrop();
    const { d, j } = dropDiagnostic(result, text, new PolicySets(BUILTIN, () => true), undefined, {
      environment: 'prodd',
      actor: 'robot:x',
    });
    assert.equal(j.actor.type, 'agent');
    assert.equal(j.problems.length, 2, j.problems.join('\n'));
    assert.match(j.problems[0] ?? '', /railguard\.actor 'robot:x'/);
    assert.match(
      j.problems[1] ?? '',
      /railguard\.environment 'prodd' is not defined.*production \(prod, prd, live\)/,
    );
    // No rule names `prodd`: the catch-all rules decide.
    assert.equal(d.severity, DiagnosticSeverity.Warning);
  });

  it('parses railguard.actor values and reads it from settings', () => {
    assert.deepEqual(parseActorSetting('agent'), { type: 'agent', name: 'agent' });
    assert.deepEqual(parseActorSetting('Human'), { type: 'human', name: 'human' });
    assert.deepEqual(parseActorSetting('agent:cursor'), { type: 'agent', name: 'cursor' });
    assert.deepEqual(parseActorSetting('claude-code'), { type: 'agent', name: 'claude-code' });
    assert.deepEqual(parseActorSetting('alice'), { type: 'human', name: 'alice' });
    assert.equal(parseActorSetting('two words'), undefined);
    assert.equal(toSettings({}).actor, 'agent');
    assert.equal(toSettings({ actor: ' human:bob ' }).actor, 'human:bob');
    assert.equal(toSettings({ actor: 42 }).actor, 'agent');
  });
});
