import { asNode, list, location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { nameSpanAt, pgStmt, roleSpecName } from './util/pg';

/** Role attributes that bypass permission checks (PostgreSQL docs, "Role Attributes"), by `DefElem.defname`. */
const DANGEROUS = new Map([
  ['superuser', 'SUPERUSER'],
  ['bypassrls', 'BYPASSRLS'],
  ['isreplication', 'REPLICATION'],
]);

/**
 * PostgreSQL `CREATE ROLE | USER … SUPERUSER | BYPASSRLS | REPLICATION` and the same through
 * `ALTER ROLE | USER` (`CreateRoleStmt` / `AlterRoleStmt` options `DefElem { defname, arg:
 * Boolean true }`), one finding per attribute, placed on the attribute keyword. `NOSUPERUSER` etc.
 * (`boolval` false) are not reported. (MySQL's `GRANT SUPER` is not parsed by node-sql-parser and
 * surfaces as an `unparsed` GRANT.)
 */
export default defineSqlRule({
  meta: {
    id: 'superuser-role',
    title: 'Role with SUPERUSER, BYPASSRLS or REPLICATION',
    category: 'privilege',
    severity: 'error',
    docs: {
      description: 'Reports roles created or altered with `SUPERUSER`, `BYPASSRLS` or `REPLICATION`.',
      problem:
        '`SUPERUSER` skips every permission check and can run programs and read files on the server ' +
        '(`COPY … PROGRAM`, `pg_read_file`). `BYPASSRLS` ignores every row-level security policy, so tenant ' +
        'isolation no longer applies to the role. `REPLICATION` can stream a physical copy of the whole ' +
        'cluster (`pg_basebackup`) regardless of table grants. None of them belongs to an application or an ' +
        'agent role, and granting them from a migration hides a privilege escalation in a schema change.',
      solution:
        'Create application roles with `NOSUPERUSER NOBYPASSRLS NOREPLICATION` and grant object privileges. ' +
        'Give replication to a dedicated role managed by infrastructure, and use the predefined roles ' +
        '(`pg_read_all_data`, `pg_monitor`) for narrower needs.',
    },
    messages: {
      privilegedAttribute:
        '{{verb}} gives role {{role}} the {{attribute}} attribute, which bypasses permission checks.',
    },
    controls: ['SOC2:CC6.1', 'SOC2:CC6.3', 'NIST:AC-6(5)', 'NIST:AC-6(9)', 'HIPAA:164.312(a)(1)'],
    examples: {
      valid: ['CREATE ROLE app LOGIN NOSUPERUSER NOBYPASSRLS;', 'ALTER ROLE app NOSUPERUSER;'],
      invalid: ["CREATE USER ops WITH SUPERUSER PASSWORD 'x';", 'ALTER ROLE app BYPASSRLS;'],
    },
  },
  check(stmt, _ctx, report) {
    const create = pgStmt(stmt, 'CreateRoleStmt');
    const alter = pgStmt(stmt, 'AlterRoleStmt');
    const fields = create ?? alter;
    if (!fields) return;
    const role = create ? String(create.role ?? '?') : roleSpecName(alter?.role);
    const verb = create ? 'CREATE ROLE' : 'ALTER ROLE';
    for (const opt of list(fields.options)) {
      const d = asNode(opt, 'DefElem');
      const attribute = typeof d?.defname === 'string' ? DANGEROUS.get(d.defname) : undefined;
      if (!d || !attribute || asNode(d.arg, 'Boolean')?.boolval !== true) continue;
      report({
        messageId: 'privilegedAttribute',
        data: { verb, role, attribute },
        span: nameSpanAt(stmt, location(d), attribute.length),
      });
    }
  },
});
