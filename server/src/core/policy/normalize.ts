/**
 * Turns schema-valid policy data into a {@link Policy}: fills defaults, turns `string | string[]`
 * fields into lists, and records where each rule and test sits in the file.
 */
import type { Category, Severity } from '../types';
import type { ResourceClassDef } from '../resources/classify';
import type { EnvironmentDef, DataClassDef, Policy, PolicyRule, PolicyTest, RuleMatch } from './model';
import type { YamlSource } from './yaml-source';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map((x) => String(x));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : []);

function normalizeMatch(v: unknown): RuleMatch {
  const m = isRecord(v) ? v : {};
  const out: RuleMatch = {};
  const environment = list(m.environment);
  const actor = list(m.actor);
  const category = list(m.category) as Category[] | undefined;
  const ruleId = list(m.ruleId);
  const dataClass = list(m.dataClass);
  const statementKind = list(m.statementKind);
  const severity = list(m.severity) as Severity[] | undefined;
  const resource = list(m.resource);
  if (environment) out.environment = environment;
  if (actor) out.actor = actor;
  if (category) out.category = category;
  if (ruleId) out.ruleId = ruleId;
  if (dataClass) out.dataClass = dataClass;
  if (statementKind) out.statementKind = statementKind;
  if (severity) out.severity = severity;
  if (resource) out.resource = resource;
  return out;
}

/**
 * Builds the policy from data that passed the schema (so shapes are as the schema says; the
 * checks here only keep TypeScript honest). `src` gives rule/test positions.
 */
export function normalizePolicy(value: Record<string, unknown>, src: YamlSource, file: string): Policy {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const actors = isRecord(value.actors) ? value.actors : {};
  const rules: PolicyRule[] = (Array.isArray(value.rules) ? value.rules : []).map((r: unknown, i) => {
    const rule = isRecord(r) ? r : {};
    const out: PolicyRule = {
      id: String(rule.id),
      match: normalizeMatch(rule.match),
      effect: rule.effect as PolicyRule['effect'],
      controls: strings(rule.controls),
      range: src.locate(['rules', i]),
    };
    if (typeof rule.description === 'string') out.description = rule.description;
    return out;
  });
  const tests: PolicyTest[] = (Array.isArray(value.tests) ? value.tests : []).map((t: unknown, i) => {
    const test = isRecord(t) ? t : {};
    return {
      name: String(test.name),
      input: test.input as PolicyTest['input'],
      expect: test.expect as PolicyTest['expect'],
      range: src.locate(['tests', i]),
    };
  });
  const policy: Policy = {
    apiVersion: 'railguard.dev/v1',
    kind: 'Policy',
    metadata: { name: String(metadata.name) },
    mode: value.mode === 'audit' ? 'audit' : 'enforce',
    environments: (isRecord(value.environments) ? value.environments : {}) as Record<string, EnvironmentDef>,
    actors: { agents: strings(actors.agents), humans: strings(actors.humans) },
    dataClasses: (isRecord(value.dataClasses) ? value.dataClasses : {}) as Record<string, DataClassDef>,
    resources: (isRecord(value.resources) ? value.resources : {}) as Record<string, ResourceClassDef>,
    rules,
    tests,
    file,
  };
  if (typeof metadata.description === 'string') policy.metadata.description = metadata.description;
  return policy;
}
