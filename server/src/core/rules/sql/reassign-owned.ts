import { asNode, list, location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { nameSpanAt, pgStmt, roleSpecName } from './util/pg';

/**
 * PostgreSQL `REASSIGN OWNED BY old TO new` (`ReassignOwnedStmt`), placed on the first role. The
 * docs ("REASSIGN OWNED"): ownership of every object the old roles own in the current database —
 * and of shared objects (databases, tablespaces) — passes to the new role.
 */
export default defineSqlRule({
  meta: {
    id: 'reassign-owned',
    title: 'Giving away everything a role owns',
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        'Reports `REASSIGN OWNED BY … TO …`, which hands every object the roles own to another role.',
      problem:
        'An owner can do anything with its objects: drop them, change their policies, grant them to anyone. ' +
        '`REASSIGN OWNED BY app TO postgres` or `… TO attacker` moves ownership of every table, view, sequence ' +
        'and function the roles own, in one statement that does not list them: a privilege change as wide as ' +
        'the application schema. It is the step before `DROP OWNED`/`DROP ROLE` in role clean-ups, and a quiet ' +
        'way to take control of the data.',
      solution:
        'Run role clean-ups as a reviewed DBA change: list the objects first (`\\dO`/`pg_class` by owner), ' +
        'reassign to the intended owner role only, and keep application roles out of `CREATEROLE`.',
    },
    messages: {
      reassignOwned:
        'REASSIGN OWNED BY {{roles}} TO {{newRole}} hands every object those roles own to {{newRole}}.',
    },
    controls: ['SOC2:CC6.1', 'SOC2:CC6.3', 'NIST:AC-6', 'NIST:AC-2'],
    sources: ['https://www.postgresql.org/docs/current/sql-reassign-owned.html'],
    examples: {
      valid: ['ALTER TABLE users OWNER TO app;', 'DROP ROLE old_app;'],
      invalid: ['REASSIGN OWNED BY app TO postgres;'],
    },
  },
  dialects: ['postgresql'],
  check(stmt, _ctx, report) {
    const r = pgStmt(stmt, 'ReassignOwnedStmt');
    if (!r) return;
    const specs = list(r.roles).map((x) => asNode(x, 'RoleSpec') ?? {});
    const roles = specs.map((s) => roleSpecName({ RoleSpec: s }));
    const first = specs[0];
    report({
      messageId: 'reassignOwned',
      data: { roles: roles.join(', '), newRole: roleSpecName({ RoleSpec: r.newrole }) },
      span: first ? nameSpanAt(stmt, location(first), roles[0]?.length ?? 0) : stmt.span,
    });
  },
});
