/**
 * Semantic checks of a loaded policy, beyond the schema: duplicate ids, unknown references
 * (finding rule ids, environments, data classes, agent names), and rules that can never decide.
 */
import type { Category } from '../types';
import { DYNAMIC_CLASS, UNCLASSIFIED_CLASS } from '../resources/classify';
import { DEFAULT_AGENTS } from './actor';
import { isLiteralGlob } from './glob';
import { matchCovers } from './match';
import type { Policy, PolicyDiagnostic, PolicyDiagnosticCode, SourceRange } from './model';
import type { Severity } from '../types';
import type { YamlSource } from './yaml-source';

/** What the linter knows beyond the file itself. All optional. */
export interface PolicyLintOptions {
  /** Finding rule ids that exist (rules + analyzer findings). When absent, rule ids are not checked. */
  knownRuleIds?: ReadonlySet<string>;
  /** A finding rule's category, to see `ruleId: [drop-table]` as within `category: [data-loss]`. */
  categoryOf?: (ruleId: string) => Category | undefined;
  /** Environments defined by other policies of the set (e.g. the built-in ones). */
  knownEnvironments?: ReadonlySet<string>;
  /** Data classes defined by other policies of the set. */
  knownDataClasses?: ReadonlySet<string>;
  /** Resource classes (`resources:`) defined by other policies of the set. */
  knownResourceClasses?: ReadonlySet<string>;
  /** Agent names recognised elsewhere (built-in list, other policies). */
  knownAgents?: ReadonlySet<string>;
}

/** Checks `policy` (loaded from `src`); returns diagnostics, sorted by position. */
export function lintPolicy(
  policy: Policy,
  src: YamlSource,
  options: PolicyLintOptions = {},
): PolicyDiagnostic[] {
  const out: PolicyDiagnostic[] = [];
  const add = (range: SourceRange, severity: Severity, code: PolicyDiagnosticCode, message: string): void => {
    out.push({ file: policy.file, ...range, severity, code, message });
  };
  const envs = new Set([...Object.keys(policy.environments), ...(options.knownEnvironments ?? [])]);
  const classes = new Set([...Object.keys(policy.dataClasses), ...(options.knownDataClasses ?? [])]);
  const resourceClasses = new Set([
    ...Object.keys(policy.resources),
    ...(options.knownResourceClasses ?? []),
    DYNAMIC_CLASS,
    UNCLASSIFIED_CLASS,
  ]);
  const agents = new Set(
    [...DEFAULT_AGENTS, ...policy.actors.agents, ...(options.knownAgents ?? [])].map((a) => a.toLowerCase()),
  );
  const seen = new Map<string, number>();
  policy.rules.forEach((rule, i) => {
    const at = (...path: (string | number)[]): SourceRange => src.locate(['rules', i, ...path]);
    const listPath = (field: string, j: number): (string | number)[] =>
      Array.isArray(
        (src.value as { rules?: { match?: Record<string, unknown> }[] }).rules?.[i]?.match?.[field],
      )
        ? ['match', field, j]
        : ['match', field];
    const first = seen.get(rule.id);
    if (first !== undefined) {
      add(
        at('id'),
        'error',
        'duplicate-rule-id',
        `duplicate rule id '${rule.id}' (first used by rules[${first}])`,
      );
      return;
    }
    seen.set(rule.id, i);
    rule.match.environment?.forEach((env, j) => {
      if (!envs.has(env)) {
        const known = [...envs].join(', ') || 'none';
        add(
          at(...listPath('environment', j)),
          'warning',
          'unknown-environment',
          `unknown environment '${env}' (known: ${known}); this rule never matches`,
        );
      }
    });
    rule.match.dataClass?.forEach((c, j) => {
      if (!classes.has(c)) {
        add(
          at(...listPath('dataClass', j)),
          'warning',
          'unknown-data-class',
          `unknown data class '${c}'; this rule never matches`,
        );
      }
    });
    rule.match.resource?.forEach((c, j) => {
      if (!resourceClasses.has(c)) {
        add(
          at(...listPath('resource', j)),
          'warning',
          'unknown-resource-class',
          `unknown resource class '${c}'; this rule never matches it`,
        );
      }
    });
    if (options.knownRuleIds) {
      const known = options.knownRuleIds;
      rule.match.ruleId?.forEach((id, j) => {
        const exists = isLiteralGlob(id) ? known.has(id) : true;
        if (!exists)
          add(
            at(...listPath('ruleId', j)),
            'warning',
            'unknown-rule-id',
            `unknown rule id '${id}'; this rule never matches it`,
          );
      });
    }
    rule.match.actor?.forEach((a, j) => {
      const [type, name] = a.split(':', 2);
      if (type === 'agent' && name !== undefined && isLiteralGlob(name) && !agents.has(name.toLowerCase())) {
        add(
          at(...listPath('actor', j)),
          'warning',
          'unknown-agent',
          `agent '${name}' is not a known agent name (add it to actors.agents)`,
        );
      }
    });
    for (let k = 0; k < i; k++) {
      const earlier = policy.rules[k];
      if (!earlier || !matchCovers(earlier.match, rule.match, options.categoryOf)) continue;
      if (earlier.effect !== rule.effect) {
        add(
          at('id'),
          'warning',
          'shadowed-rule',
          `rule '${rule.id}' is unreachable: rule '${earlier.id}' (rules[${k}]) matches everything it matches, so its effect '${rule.effect}' never applies ('${earlier.effect}' does)`,
        );
      } else {
        add(
          at('id'),
          'info',
          'redundant-rule',
          `rule '${rule.id}' is redundant: rule '${earlier.id}' (rules[${k}]) matches everything it matches with the same effect`,
        );
      }
      break;
    }
  });
  const names = new Set<string>();
  policy.tests.forEach((t, i) => {
    if (names.has(t.name))
      add(
        src.locate(['tests', i, 'name']),
        'warning',
        'duplicate-test-name',
        `duplicate test name '${t.name}'`,
      );
    names.add(t.name);
    if (t.input.environment !== undefined && !envs.has(t.input.environment)) {
      add(
        src.locate(['tests', i, 'input', 'environment']),
        'warning',
        'unknown-environment',
        `unknown environment '${t.input.environment}'`,
      );
    }
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
