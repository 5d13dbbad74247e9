import { asNode, list, location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst, myList, myText } from './util/mysql';
import { defaultPrivilegesGrant, nameSpanAt, pgStmt } from './util/pg';
import { findKeywordsSpan } from './util/text';

/** `RoleSpec` fields of the PUBLIC pseudo-role among `grantees`, if any. */
function publicGrantee(grantees: unknown): Record<string, unknown> | undefined {
  return list(grantees)
    .map((g) => asNode(g, 'RoleSpec'))
    .find((r) => r?.roletype === 'ROLESPEC_PUBLIC');
}

/**
 * Grants to PUBLIC: PostgreSQL `GRANT … TO PUBLIC` (`GrantStmt` with `is_grant`), `GRANT role TO
 * PUBLIC` (`GrantRoleStmt`) and `ALTER DEFAULT PRIVILEGES … GRANT … TO PUBLIC`, placed on
 * `PUBLIC`; MySQL/MariaDB `GRANT … TO PUBLIC` (MariaDB 10.11's PUBLIC role). REVOKE is not reported.
 */
export default defineSqlRule({
  meta: {
    id: 'grant-to-public',
    title: 'Granting to PUBLIC',
    category: 'privilege',
    severity: 'error',
    docs: {
      description: 'Reports `GRANT … TO PUBLIC`, which gives a privilege to every role, present and future.',
      problem:
        '`PUBLIC` is every role in the cluster, including roles created later for other applications, ' +
        'reporting tools and agents. A `GRANT SELECT ON users TO PUBLIC` makes the table readable by all of ' +
        "them, and nobody reviewing a single role's grants will see it. Least privilege (NIST AC-6) " +
        'means granting to the roles that need it.',
      solution:
        'Create a group role (`CREATE ROLE app_readonly NOLOGIN`), grant to it, and grant the group to the ' +
        'login roles that need it. Conversely, `REVOKE ALL ON SCHEMA public FROM PUBLIC` is a good hardening ' +
        'step.',
    },
    messages: {
      grantToPublic:
        'GRANT {{privileges}} ON {{object}} TO PUBLIC gives it to every role, including future ones.',
      grantRoleToPublic: 'GRANT {{privileges}} TO PUBLIC makes every role a member of it.',
    },
    controls: ['SOC2:CC6.1', 'SOC2:CC6.3', 'NIST:AC-6', 'HIPAA:164.312(a)(1)'],
    examples: {
      valid: ['GRANT SELECT ON users TO app_readonly;', 'REVOKE ALL ON SCHEMA public FROM PUBLIC;'],
      invalid: ['GRANT SELECT ON users TO PUBLIC;', 'GRANT admin TO public;'],
    },
  },
  check(stmt, _ctx, report) {
    if (stmt.dialect === 'postgresql') {
      const role = pgStmt(stmt, 'GrantRoleStmt');
      const roleTarget = role?.is_grant === true ? publicGrantee(role.grantee_roles) : undefined;
      if (role && roleTarget) {
        const privileges = list(role.granted_roles)
          .map((r) => String(asNode(r, 'AccessPriv')?.priv_name ?? '?'))
          .join(', ');
        report({
          messageId: 'grantRoleToPublic',
          data: { privileges },
          span: nameSpanAt(stmt, location(roleTarget), 6),
        });
        return;
      }
      const grant = pgStmt(stmt, 'GrantStmt') ?? defaultPrivilegesGrant(stmt);
      const target = grant?.is_grant === true ? publicGrantee(grant.grantees) : undefined;
      if (!grant || !target) return;
      const privs = list(grant.privileges).map((p) => String(asNode(p, 'AccessPriv')?.priv_name ?? '?'));
      const kind = String(grant.objtype ?? 'OBJECT')
        .replace(/^OBJECT_/, '')
        .toLowerCase();
      const object = grant.targtype === 'ACL_TARGET_OBJECT' ? kind : `all ${kind}s`;
      report({
        messageId: 'grantToPublic',
        data: { privileges: privs.length > 0 ? privs.join(', ').toUpperCase() : 'ALL', object },
        span: nameSpanAt(stmt, location(target), 6),
      });
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'grant' || myText(ast.to_from) !== 'to') return;
    if (!myList(ast.user_or_roles).some((u) => myText(u.name) === 'public')) return;
    const privileges = myList(ast.objects)
      .map((o) => myText(o.priv).toUpperCase())
      .join(', ');
    report({
      messageId: 'grantToPublic',
      data: { privileges, object: 'the named objects' },
      span: findKeywordsSpan(stmt, ['public']),
    });
  },
});
