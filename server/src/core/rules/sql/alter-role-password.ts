import { asNode, list, location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst } from './util/mysql';
import { nameSpanAt, pgStmt, roleSpecName } from './util/pg';
import { findNameSpan, findStringSpan } from './util/text';

/**
 * PostgreSQL `ALTER ROLE|USER name [WITH] [ENCRYPTED] PASSWORD '…'` (an `AlterRoleStmt` with a
 * `password` option that is not NULL), and MySQL `ALTER USER … IDENTIFIED BY` / `SET PASSWORD
 * [FOR user]` (read by `mysql-admin.ts`); placed on the role / user name.
 */
export default defineSqlRule({
  meta: {
    id: 'alter-role-password',
    title: "Changing a role's password",
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        "Reports `ALTER ROLE … PASSWORD` / `ALTER USER … PASSWORD`: changing an existing role's password.",
      problem:
        "Changing the application role's password locks every running instance out at its next connection " +
        '(an outage), and whoever chose the new password now holds the account. The password also lands in ' +
        'the statement text, in shell history and in server logs (`log_statement`).',
      solution:
        "Rotate credentials through the secret manager's rotation (which updates the database and the " +
        "application together), or psql's `\\password`, which sends only a hash and keeps it out of logs.",
    },
    messages: {
      password:
        'ALTER ROLE {{role}} sets a new password: sessions that use the old one will fail to connect.',
    },
    controls: ['NIST:IA-5', 'NIST:AC-2', 'SOC2:CC6.1'],
    sources: [
      'https://www.postgresql.org/docs/current/sql-alterrole.html',
      'https://dev.mysql.com/doc/refman/8.0/en/alter-user.html',
    ],
    examples: {
      valid: [
        "CREATE ROLE reporter LOGIN PASSWORD 'x';",
        'ALTER ROLE app PASSWORD NULL;',
        'ALTER ROLE app CONNECTION LIMIT 10;',
      ],
      invalid: [
        "ALTER ROLE app PASSWORD 'new-secret';",
        "ALTER USER app WITH ENCRYPTED PASSWORD 'x' VALID UNTIL '2030-01-01';",
      ],
    },
  },
  check(stmt, _ctx, report) {
    const my = myAst(stmt);
    if (my?.type === 'set_password') {
      const role = String(my.user);
      report({
        messageId: 'password',
        data: { role },
        span: ((sp) => (sp === stmt.span ? findNameSpan(stmt, [role]) : sp))(findStringSpan(stmt, role)),
        effects: [{ verb: 'overwrite', resource: { kind: 'secret', id: `password of user ${role}` } }],
      });
      return;
    }
    const alter = pgStmt(stmt, 'AlterRoleStmt');
    if (!alter) return;
    const sets = list(alter.options).some((o) => {
      const d = asNode(o, 'DefElem');
      return d?.defname === 'password' && d.arg !== undefined && asNode(d.arg, 'Null') === undefined;
    });
    if (!sets) return;
    const spec = asNode(alter.role, 'RoleSpec') ?? (alter.role as Record<string, unknown> | undefined) ?? {};
    const role = roleSpecName({ RoleSpec: spec });
    report({
      messageId: 'password',
      data: { role },
      span: nameSpanAt(stmt, location(spec), role.length),
      effects: [{ verb: 'overwrite', resource: { kind: 'secret', id: `password of role ${role}` } }],
    });
  },
});
