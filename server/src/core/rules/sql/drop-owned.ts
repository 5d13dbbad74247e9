import { asNode, list, location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { nameSpanAt, pgStmt, roleSpecName } from './util/pg';

/**
 * PostgreSQL `DROP OWNED BY role` (`DropOwnedStmt`), placed on the first role name. The docs
 * ("DROP OWNED"): it drops every object the roles own in the current database and revokes their
 * privileges.
 */
export default defineSqlRule({
  meta: {
    id: 'drop-owned',
    title: 'Dropping everything a role owns',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Reports `DROP OWNED BY`, which drops every object the named roles own in the database.',
      problem:
        '`DROP OWNED BY app` drops every table, view, sequence and function `app` owns in the current ' +
        'database — often all application data, when the application role owns its tables — and revokes ' +
        'its grants. The statement does not list what it deletes, so a review cannot see the blast radius.',
      solution:
        'To remove a role, first hand its objects over with `REASSIGN OWNED BY old_role TO new_role`; ' +
        'then `DROP OWNED BY old_role` only revokes privileges, and `DROP ROLE old_role` succeeds.',
    },
    messages: {
      dropOwned: 'DROP OWNED BY {{roles}} drops every object those roles own in this database.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    examples: {
      valid: ['REASSIGN OWNED BY old_app TO app;', 'DROP ROLE old_app;'],
      invalid: ['REASSIGN OWNED BY nobody TO app;\nDROP OWNED BY old_app CASCADE;'],
    },
  },
  check(stmt, _ctx, report) {
    const drop = pgStmt(stmt, 'DropOwnedStmt');
    if (!drop) return;
    const specs = list(drop.roles).map((r) => asNode(r, 'RoleSpec') ?? {});
    const roles = specs.map((s) => roleSpecName({ RoleSpec: s }));
    const first = specs[0];
    report({
      messageId: 'dropOwned',
      data: { roles: roles.join(', ') },
      span: first ? nameSpanAt(stmt, location(first), roles[0]?.length ?? 0) : stmt.span,
    });
  },
});
