import { asNode, list, rangeVarName } from '../../sql/pg-ast';
import type { SqlStatement } from '../../sql/model';
import { defineSqlRule } from '../rule';
import { evaluateBool } from '../../sql/pg-where';
import { dropObjects, pgStmt } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

/** Whether `s` creates policy `name` on `table` (a drop-and-recreate pair is a policy change, not a removal). */
function createsPolicy(s: SqlStatement, name: string, table: string): boolean {
  const p = pgStmt(s, 'CreatePolicyStmt');
  return p?.policy_name === name && (rangeVarName(p.table) ?? '').toLowerCase().endsWith(table.toLowerCase());
}

/**
 * Weakening row-level security (PostgreSQL docs, "Row Security Policies"): `ALTER TABLE …
 * DISABLE ROW LEVEL SECURITY` (`AT_DisableRowSecurity`), `NO FORCE ROW LEVEL SECURITY`
 * (`AT_NoForceRowSecurity`, the owner escapes the policies again), a permissive policy whose
 * `USING` or `WITH CHECK` is true for every row (`CREATE|ALTER POLICY … USING (true)`), and `DROP POLICY`
 * (`DropStmt` with `OBJECT_POLICY`) unless a later statement of the same text (when the analyzer
 * lists them in `SqlFileContext.statements`) recreates a policy of that name on that table.
 */
export default defineSqlRule({
  meta: {
    id: 'disable-row-level-security',
    title: 'Disabling row-level security or dropping a policy',
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        'Reports `DISABLE ROW LEVEL SECURITY`, `NO FORCE ROW LEVEL SECURITY`, `DROP POLICY` and permissive policies true for every row.',
      problem:
        "Row-level security is what keeps one tenant's or user's rows away from another when they share a " +
        'table. Disabling it makes every row visible to every role with table privileges; `NO FORCE` lets the ' +
        'table owner (usually the application role) bypass the policies again; dropping a policy removes a ' +
        'rule — for a RESTRICTIVE policy that widens access at once.',
      solution:
        'Change a policy with `ALTER POLICY`, or create the replacement policy before dropping the old one in ' +
        'the same transaction. If RLS must be off for a maintenance job, run the job as a dedicated ' +
        '`BYPASSRLS` role instead of turning RLS off for everyone.',
    },
    messages: {
      disableRls:
        'DISABLE ROW LEVEL SECURITY on {{table}} makes every row visible to every role with access to the table.',
      noForceRls: 'NO FORCE ROW LEVEL SECURITY on {{table}} lets the table owner bypass its policies.',
      dropPolicy: 'DROP POLICY {{policy}} removes a row-level security rule from {{table}}.',
      openPolicy:
        'Policy {{policy}} on {{table}} is permissive and true for every row ({{clause}}): the roles it applies to see or change all rows.',
    },
    controls: ['SOC2:CC6.1', 'NIST:AC-3', 'NIST:AC-6', 'HIPAA:164.312(a)(1)'],
    examples: {
      valid: [
        'ALTER TABLE docs ENABLE ROW LEVEL SECURITY;',
        'ALTER TABLE docs FORCE ROW LEVEL SECURITY;',
        'CREATE POLICY own ON docs USING (owner = current_user);',
        'CREATE POLICY deny_all ON docs AS RESTRICTIVE USING (true);',
      ],
      invalid: [
        'ALTER TABLE documents DISABLE ROW LEVEL SECURITY;',
        'DROP POLICY tenant_isolation ON documents;',
        'CREATE POLICY all_rows ON documents USING (true);',
      ],
    },
  },
  check(stmt, ctx, report) {
    // `CREATE POLICY … USING (true)` / `ALTER POLICY … WITH CHECK (1 = 1)`: a permissive policy is
    // OR-ed with the others, so one true for every row opens the table as DISABLE would.
    // (ALTER POLICY cannot change AS PERMISSIVE|RESTRICTIVE; policies are permissive by default.)
    const create = pgStmt(stmt, 'CreatePolicyStmt');
    const policy = create ?? pgStmt(stmt, 'AlterPolicyStmt');
    if (policy) {
      if (create && create.permissive !== true) return;
      const table = rangeVarName(policy.table) ?? '?';
      for (const [clause, node] of [
        ['USING', policy.qual],
        ['WITH CHECK', policy.with_check],
      ] as const) {
        if (node === undefined || evaluateBool(node) !== true) continue;
        report({
          messageId: 'openPolicy',
          data: { policy: String(policy.policy_name ?? '?'), table, clause },
          span: findKeywordsSpan(stmt, clause === 'USING' ? ['using'] : ['with', 'check']),
        });
      }
      return;
    }
    const alter = pgStmt(stmt, 'AlterTableStmt');
    if (alter) {
      const table = rangeVarName(alter.relation) ?? '?';
      for (const cmd of list(alter.cmds)) {
        const subtype = asNode(cmd, 'AlterTableCmd')?.subtype;
        if (subtype === 'AT_DisableRowSecurity') {
          report({
            messageId: 'disableRls',
            data: { table },
            span: findKeywordsSpan(stmt, ['disable', 'row']),
          });
        } else if (subtype === 'AT_NoForceRowSecurity') {
          report({ messageId: 'noForceRls', data: { table }, span: findKeywordsSpan(stmt, ['no', 'force']) });
        }
      }
      return;
    }
    const drop = pgStmt(stmt, 'DropStmt');
    if (!drop || drop.removeType !== 'OBJECT_POLICY') return;
    for (const parts of dropObjects(drop)) {
      const policy = parts[parts.length - 1] ?? '?';
      const table = parts.slice(0, -1).join('.');
      const later = (ctx.statements ?? []).some(
        (s) => s.index > stmt.index && createsPolicy(s, policy, table),
      );
      if (later) continue;
      report({ messageId: 'dropPolicy', data: { policy, table }, span: findNameSpan(stmt, [policy]) });
    }
  },
});
