/**
 * Test fixtures for the policy unit tests: synthetic findings (as the analyzers would produce
 * them) and policy sets built from YAML text. Test doubles only; no analyzer runs here.
 */
import * as path from 'node:path';
import { createPolicySet, loadPolicySet, parsePolicyText } from '../../../server/src/core/policy';
import type { Policy, PolicySet } from '../../../server/src/core/policy';
import type { Category, ColumnFact, Finding } from '../../../server/src/core/types';

export const BUILTIN_DIR = path.resolve(__dirname, '../../../policies');

/** A synthetic finding of `ruleId`/`category`, optionally about a SQL statement. */
export function finding(
  ruleId: string,
  category: Category,
  opts: {
    statementKind?: string;
    tables?: string[];
    read?: string[];
    columnsRead?: ColumnFact[];
    columnsWritten?: ColumnFact[];
    suppressed?: boolean;
    severity?: Finding['severity'];
    start?: number;
    end?: number;
  } = {},
): Finding {
  const start = opts.start ?? 0;
  const end = opts.end ?? start + 1;
  const f: Finding = {
    ruleId,
    category,
    severity: opts.severity ?? 'warning',
    message: `${ruleId} finding`,
    span: { start, end, line: 1, column: start + 1, endLine: 1, endColumn: end + 1 },
  };
  if (
    opts.statementKind !== undefined ||
    opts.tables ||
    opts.read ||
    opts.columnsRead ||
    opts.columnsWritten
  ) {
    f.statement = {
      statementKind: opts.statementKind ?? 'UNKNOWN',
      tablesRead: opts.read ?? [],
      tablesWritten: opts.tables ?? [],
      columnsRead: opts.columnsRead ?? [],
      columnsWritten: opts.columnsWritten ?? [],
      objectKinds: [],
      sinks: [],
    };
  }
  if (opts.suppressed) f.suppressed = { reason: 'reviewed' };
  return f;
}

/** Parses policy YAML that must load; fails the test with the diagnostics otherwise. */
export function policyFrom(text: string, file = 'test.yaml'): Policy {
  const r = parsePolicyText(text, file);
  if (!r.policy) throw new Error(`policy did not load: ${JSON.stringify(r.diagnostics)}`);
  return r.policy;
}

/** The built-in policy set (policies/*.yaml from the checkout), trusted. */
export function builtinSet(trusted = true): PolicySet {
  const set = loadPolicySet({ builtinDir: BUILTIN_DIR, trusted });
  if (set.entries.length === 0)
    throw new Error(`built-in policies did not load: ${JSON.stringify(set.diagnostics)}`);
  return set;
}

/** The built-in policies plus workspace policies given as YAML text. */
export function setWithWorkspace(workspaceYaml: string[], trusted: boolean): PolicySet {
  const builtin = builtinSet().entries.map((e) => e.policy);
  return createPolicySet(
    { builtin, workspace: workspaceYaml.map((y, i) => policyFrom(y, `ws${i}.yaml`)) },
    trusted,
  );
}

/** A minimal valid policy header, for tests that write rules only. */
export const HEADER = 'apiVersion: railguard.dev/v1\nkind: Policy\nmetadata:\n  name: t\n';
