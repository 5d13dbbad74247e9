import { asNode, list } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { myAst, myList, myText } from './util/mysql';
import { pgStmt, roleSpecName } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

/**
 * Predefined and provider roles that reach past the database: run programs and read/write files
 * as the server's OS user, read or write every table, signal other sessions, or act as the cloud
 * provider's superuser. PostgreSQL docs "Predefined Roles"; AWS RDS `rds_superuser`, Cloud SQL
 * `cloudsqlsuperuser`, Azure `azure_pg_admin`.
 */
const POWERFUL: Record<string, string> = {
  pg_execute_server_program: 'runs programs on the database server as its OS user',
  pg_read_server_files: "reads any file the server's OS user can read",
  pg_write_server_files: "writes any file the server's OS user can write",
  pg_read_all_data: 'reads every table, bypassing grants',
  pg_write_all_data: 'writes every table, bypassing grants',
  pg_signal_backend: 'cancels and terminates other sessions',
  pg_checkpoint: 'forces checkpoints',
  rds_superuser: "is the provider's superuser",
  cloudsqlsuperuser: "is the provider's superuser",
  azure_pg_admin: "is the provider's superuser",
};

/**
 * MySQL global privileges that reach past the data (MySQL manual "Privileges Provided by MySQL":
 * FILE reads/writes server files, SUPER/SYSTEM_VARIABLES_ADMIN change the server, PROCESS shows
 * every session's statements, SHUTDOWN stops it, CREATE USER manages accounts…).
 */
const MYSQL_POWERFUL: Record<string, string> = {
  super: 'can change any server setting, kill any session and bypass read_only',
  file: "read and write any file the server's OS user can (LOAD DATA INFILE, SELECT … INTO OUTFILE)",
  process: "see every session's statements, passwords in them included",
  shutdown: 'can stop the server',
  'create user': 'can create, rename and drop any account',
  reload: 'can flush logs, privileges and tables',
  system_variables_admin: 'can change any global setting',
  connection_admin: 'can kill any session and bypass connection limits',
  'replication slave': 'can read the whole binary log (every change to every table)',
  'grant option': 'can grant their privileges to anyone',
};
const MYSQL_ALL = 'hold every privilege on every database: nearly a superuser';

/**
 * `GRANT <powerful role> TO …` (PostgreSQL `GrantRoleStmt`), any `GRANT … WITH ADMIN OPTION`, and
 * MySQL `GRANT … WITH GRANT OPTION`. Placed on the role / option. MySQL `GRANT SUPER|FILE|PROCESS|
 * SHUTDOWN ON *.*` is not parsed by node-sql-parser and is reported as `unparsed`; `GRANT ALL ON
 * *.*` is `grant-all-privileges`.
 */
export default defineSqlRule({
  meta: {
    id: 'grant-powerful-role',
    title: 'Granting a role that reaches past the database',
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        'Reports `GRANT pg_execute_server_program | pg_read_server_files | pg_write_server_files | pg_read_all_data | ' +
        'pg_signal_backend …`, provider superuser roles, `WITH ADMIN OPTION` and MySQL `WITH GRANT OPTION`.',
      problem:
        '`pg_execute_server_program` lets its members run any program on the database host (`COPY … FROM ' +
        "PROGRAM`); `pg_read_server_files` / `pg_write_server_files` read and write the server's files; " +
        '`pg_read_all_data` ignores every grant. Admin and grant options let the grantee hand all of it on. ' +
        'Each is a privilege escalation that outlives the session that made it.',
      solution:
        'Grant the narrow privilege the task needs on the objects it needs (`GRANT SELECT ON reports.daily TO ' +
        'analyst`), without ADMIN/GRANT OPTION, through a reviewed migration.',
    },
    messages: {
      powerfulRole: 'GRANT {{role}} to {{grantees}}: its members {{why}}.',
      adminOption: 'GRANT {{role}} WITH ADMIN OPTION lets {{grantees}} grant it to anyone.',
      grantOption: 'WITH GRANT OPTION lets {{grantees}} pass these privileges on to anyone.',
    },
    controls: ['NIST:AC-6', 'NIST:AC-6(9)', 'SOC2:CC6.3', 'HIPAA:164.308(a)(4)'],
    sources: [
      'https://www.postgresql.org/docs/current/predefined-roles.html',
      'https://www.postgresql.org/docs/current/sql-grant.html',
      'https://dev.mysql.com/doc/refman/8.0/en/privileges-provided.html',
      'https://www.postgresql.org/about/news/postgresql-154-149-1312-1216-and-1121-released-2858/ (CVE-2019-9193 discussion: COPY PROGRAM as superuser/pg_execute_server_program)',
    ],
    examples: {
      valid: [
        'GRANT reporting TO alice;',
        'GRANT SELECT ON orders TO analyst;',
        'REVOKE pg_read_server_files FROM app;',
      ],
      invalid: ['GRANT pg_execute_server_program TO app;', 'GRANT reporting TO alice WITH ADMIN OPTION;'],
    },
  },
  check(stmt, _ctx, report) {
    const grant = pgStmt(stmt, 'GrantRoleStmt');
    if (grant) {
      if (grant.is_grant !== true) return;
      const grantees = list(grant.grantee_roles).map(roleSpecName).join(', ');
      // `WITH ADMIN OPTION` / `WITH ADMIN TRUE` (PostgreSQL 16 form); older trees: `admin_opt`.
      const admin =
        grant.admin_opt === true ||
        list(grant.opt).some((o) => {
          const d = asNode(o, 'DefElem');
          const b = asNode(d?.arg, 'Boolean');
          return d?.defname === 'admin' && b?.boolval === true;
        });
      for (const r of list(grant.granted_roles)) {
        const role = String(asNode(r, 'AccessPriv')?.priv_name ?? '').toLowerCase();
        const why = POWERFUL[role];
        if (why) {
          report({
            messageId: 'powerfulRole',
            data: { role, grantees, why },
            span: findNameSpan(stmt, [role]),
            effects: [{ verb: 'grant', resource: { kind: 'control', id: `role ${role}` } }],
          });
        } else if (admin) {
          report({
            messageId: 'adminOption',
            data: { role, grantees },
            span: findKeywordsSpan(stmt, ['admin', 'option']),
            effects: [{ verb: 'grant', resource: { kind: 'control', id: `role ${role}` } }],
          });
        }
      }
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type === 'grant_privileges') {
      const grantees = (Array.isArray(ast.grantees) ? ast.grantees : []).join(', ');
      const privileges = (Array.isArray(ast.privileges) ? ast.privileges : []).map(String);
      const global = ast.level === '*.*' || ast.level === '*';
      for (const p of privileges) {
        const why = MYSQL_POWERFUL[p] ?? (global && /^all( privileges)?$/.test(p) ? MYSQL_ALL : undefined);
        if (!why) continue;
        report({
          messageId: 'powerfulRole',
          data: { role: `${p.toUpperCase()} ON ${String(ast.level)}`, grantees, why },
          span: findKeywordsSpan(stmt, p.split(' ')),
          effects: [{ verb: 'grant', resource: { kind: 'control', id: `privilege ${p}` } }],
        });
      }
      if (ast.grantOption === true) {
        report({
          messageId: 'grantOption',
          data: { grantees },
          span: findKeywordsSpan(stmt, ['grant', 'option']),
          effects: [{ verb: 'grant', resource: { kind: 'control', id: 'grant option' } }],
        });
      }
      return;
    }
    if (ast?.type !== 'grant' || myText(ast.with) !== 'with grant option') return;
    const grantees = myList(ast.user_or_roles)
      .map((u) => myText(u.name))
      .join(', ');
    report({
      messageId: 'grantOption',
      data: { grantees },
      span: findKeywordsSpan(stmt, ['grant', 'option']),
      effects: [{ verb: 'grant', resource: { kind: 'control', id: 'grant option' } }],
    });
  },
});
