import type { SqlFileContext, SqlStatement } from '../../sql/model';
import { asNode, isRecord, list, rangeVarName, type PgFields } from '../../sql/pg-ast';
import type { Span } from '../../types';
import { defineSqlRule } from '../rule';
import { myAst, myConstValue, myList, myText } from './util/mysql';
import { dropObjects, pgConstValue, pgStmt } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

/** A setting value that turns something off (`off`, `false`, `0`, `no`, `none`). */
function isOff(v: unknown): boolean {
  if (v === false || v === 0) return true;
  return typeof v === 'string' && ['off', 'false', '0', 'no', 'none'].includes(v.trim().toLowerCase());
}
/** A setting value that turns something on. */
function isOn(v: unknown): boolean {
  if (v === true || v === 1) return true;
  return typeof v === 'string' && ['on', 'true', '1', 'yes'].includes(v.trim().toLowerCase());
}

/**
 * PostgreSQL settings that, set to a value, stop audit evidence being written (PostgreSQL docs,
 * "Error Reporting and Logging"; pgAudit README; `session_replication_role = replica` stops
 * ordinary triggers, audit triggers included — docs "Client Connection Defaults").
 */
const PG_SETTINGS: Record<string, (v: unknown) => boolean> = {
  log_statement: (v) => isOff(v),
  logging_collector: isOff,
  log_connections: isOff,
  log_disconnections: isOff,
  'pgaudit.log': (v) => isOff(v) || (typeof v === 'string' && /^\s*-\s*all\s*$/i.test(v)),
  session_replication_role: (v) => typeof v === 'string' && v.toLowerCase() === 'replica',
};

/**
 * MySQL/MariaDB variables (MySQL manual, "Server System Variables"; MariaDB Audit Plugin
 * `server_audit_logging`; MySQL Enterprise Audit `audit_log_disable`).
 */
const MYSQL_SETTINGS: Record<string, (v: unknown) => boolean> = {
  general_log: isOff,
  sql_log_off: isOn,
  sql_log_bin: isOff,
  server_audit_logging: isOff,
  audit_log_disable: isOn,
};

/** `ALTER TABLE … DISABLE TRIGGER` forms (PostgreSQL docs, ALTER TABLE): which triggers stop. */
const DISABLE_TRIGGER: Record<string, { which: (cmd: PgFields) => string; kind: string; enable: string }> = {
  AT_DisableTrig: { which: (c) => String(c.name ?? '?'), kind: 'trigger', enable: 'AT_EnableTrig' },
  AT_DisableTrigAll: {
    which: () => 'ALL',
    kind: 'triggers, internal ones included',
    enable: 'AT_EnableTrigAll',
  },
  AT_DisableTrigUser: { which: () => 'USER', kind: 'user-defined triggers', enable: 'AT_EnableTrigUser' },
};

/** The `AlterTableCmd`s of a PostgreSQL `ALTER TABLE` statement, with its table (lower case). */
function alterCmds(stmt: SqlStatement): { table: string; cmds: PgFields[] } | undefined {
  const alter = pgStmt(stmt, 'AlterTableStmt');
  if (!alter) return undefined;
  const cmds = list(alter.cmds)
    .map((c) => asNode(c, 'AlterTableCmd'))
    .filter((c): c is PgFields => c !== undefined);
  return { table: (rangeVarName(alter.relation) ?? '?').toLowerCase(), cmds };
}

/**
 * Reports event triggers dropped or disabled, and table triggers disabled and not enabled again
 * by a later statement of the same text (a bulk update wrapped in DISABLE/ENABLE TRIGGER, as
 * migrations do). True when `stmt` was such a statement.
 */
function pgTriggersOff(
  stmt: SqlStatement,
  ctx: SqlFileContext,
  report: (r: {
    messageId: 'eventTriggerOff' | 'tableTriggersOff';
    data: Record<string, string>;
    span: Span;
  }) => void,
): boolean {
  const drop = pgStmt(stmt, 'DropStmt');
  if (drop?.removeType === 'OBJECT_EVENT_TRIGGER') {
    for (const [name = '?'] of dropObjects(drop))
      report({
        messageId: 'eventTriggerOff',
        data: { action: 'DROP', name },
        span: findNameSpan(stmt, [name]),
      });
    return true;
  }
  const event = pgStmt(stmt, 'AlterEventTrigStmt');
  if (event) {
    if (event.tgenabled === 'D') {
      const name = String(event.trigname ?? '?');
      report({
        messageId: 'eventTriggerOff',
        data: { action: 'DISABLE', name },
        span: findKeywordsSpan(stmt, ['disable']),
      });
    }
    return true;
  }
  const alter = alterCmds(stmt);
  if (!alter) return false;
  for (const cmd of alter.cmds) {
    const form = DISABLE_TRIGGER[String(cmd.subtype)];
    if (!form) continue;
    const which = form.which(cmd);
    const enabledLater = (ctx.statements ?? []).some((s) => {
      if (s.index <= stmt.index) return false;
      const later = alterCmds(s);
      return (
        later?.table === alter.table &&
        later.cmds.some(
          (c) => c.subtype === form.enable && (c.subtype !== 'AT_EnableTrig' || c.name === cmd.name),
        )
      );
    });
    if (enabledLater) continue;
    report({
      messageId: 'tableTriggersOff',
      data: { which, table: alter.table, kind: form.kind },
      span: findKeywordsSpan(stmt, ['disable', 'trigger']),
    });
  }
  return alter.cmds.some((c) => DISABLE_TRIGGER[String(c.subtype)] !== undefined);
}

/**
 * Statements that turn audit logging off: PostgreSQL `ALTER SYSTEM SET`, `SET`, `ALTER DATABASE
 * | ROLE … SET` of the settings above, `DROP EXTENSION pgaudit`, `DROP EVENT TRIGGER`, `ALTER EVENT
 * TRIGGER … DISABLE` and `ALTER TABLE … DISABLE TRIGGER` not re-enabled later in the text (placed
 * on `DISABLE TRIGGER`); MySQL `SET [GLOBAL|SESSION]`
 * / `SET @@global.x` of the variables above. Placed on the setting name. (MySQL `UNINSTALL
 * PLUGIN audit_log` is not parsed by node-sql-parser and surfaces as an `unparsed` finding.)
 */
export default defineSqlRule({
  meta: {
    id: 'audit-logging-disabled',
    title: 'Turning audit logging off',
    category: 'privilege',
    severity: 'error',
    docs: {
      description:
        "Reports `ALTER SYSTEM SET log_statement = 'none'`, `logging_collector = off`, `pgaudit.log = 'none'`, " +
        '`session_replication_role = replica`, `DROP EXTENSION pgaudit`, dropping or disabling event triggers, ' +
        '`ALTER TABLE … DISABLE TRIGGER` not re-enabled in the same text, and MySQL `SET GLOBAL general_log = 0`, ' +
        '`sql_log_off = 1`, `sql_log_bin = 0`, `server_audit_logging = OFF`.',
      problem:
        'Audit records are the evidence of who did what (NIST AU-9 requires protecting them, HIPAA ' +
        '164.312(b) requires them). Turning logging off — or, with `session_replication_role = replica` or ' +
        '`sql_log_bin = 0`, silencing audit triggers and the binary log — is the first step of covering ' +
        'tracks, and it also hides honest mistakes. Event triggers are how DDL is audited or blocked inside ' +
        'the database; table triggers write audit rows, and `DISABLE TRIGGER ALL` also turns off the ' +
        'foreign-key checks (PostgreSQL docs, ALTER TABLE, ALTER EVENT TRIGGER). An agent or a migration has ' +
        'no reason to leave them off.',
      solution:
        'Manage logging settings in configuration management (postgresql.conf / my.cnf under review, or the ' +
        "cloud provider's parameter groups), restrict `ALTER SYSTEM` and `SUPER`/`SYSTEM_VARIABLES_ADMIN` " +
        'to DBAs, and ship logs off the host so a change on the server cannot erase them.',
    },
    messages: {
      settingOff: '{{scope}} {{setting}} = {{value}} stops audit evidence being recorded.',
      dropAuditExtension: 'DROP EXTENSION {{extension}} removes audit logging.',
      eventTriggerOff:
        '{{action}} event trigger {{name}}: the DDL checks or audit records it makes stop for every session.',
      tableTriggersOff:
        'DISABLE TRIGGER {{which}} on {{table}} stops its {{kind}} (audit triggers, and with ALL the foreign-key checks) until re-enabled.',
    },
    controls: ['NIST:AU-9', 'NIST:AU-12', 'NIST:AC-6(9)', 'HIPAA:164.312(b)', 'SOC2:CC7.2'],
    examples: {
      valid: [
        "ALTER SYSTEM SET log_statement = 'ddl';",
        "SET statement_timeout = '5s';",
        "SET pgaudit.log = 'write, ddl';",
        'ALTER TABLE t DISABLE TRIGGER ALL;\nUPDATE t SET a = 1 WHERE id = 2;\nALTER TABLE t ENABLE TRIGGER ALL;',
        'ALTER EVENT TRIGGER audit_ddl ENABLE;',
      ],
      invalid: [
        "ALTER SYSTEM SET log_statement = 'none';",
        "ALTER SYSTEM SET pgaudit.log = 'none';",
        'DROP EVENT TRIGGER audit_ddl;',
        'ALTER EVENT TRIGGER audit_ddl DISABLE;',
        'ALTER TABLE orders DISABLE TRIGGER ALL;',
      ],
    },
  },
  check(stmt, ctx, report) {
    if (stmt.dialect === 'postgresql') {
      if (pgTriggersOff(stmt, ctx, report)) return;
      const drop = pgStmt(stmt, 'DropStmt');
      if (drop?.removeType === 'OBJECT_EXTENSION') {
        for (const [extension] of dropObjects(drop)) {
          if (extension === 'pgaudit') {
            report({
              messageId: 'dropAuditExtension',
              data: { extension },
              span: findNameSpan(stmt, [extension]),
            });
          }
        }
        return;
      }
      const scopes: [string, string][] = [
        ['AlterSystemStmt', 'ALTER SYSTEM SET'],
        ['AlterDatabaseSetStmt', 'ALTER DATABASE … SET'],
        ['AlterRoleSetStmt', 'ALTER ROLE … SET'],
      ];
      let set = asNode(stmt.ast, 'VariableSetStmt');
      let scope = set?.is_local === true ? 'SET LOCAL' : 'SET';
      for (const [type, label] of scopes) {
        const outer = pgStmt(stmt, type);
        if (outer) {
          set = isRecord(outer.setstmt)
            ? (asNode(outer.setstmt, 'VariableSetStmt') ?? outer.setstmt)
            : undefined;
          scope = label;
        }
      }
      if (!set || set.kind !== 'VAR_SET_VALUE' || typeof set.name !== 'string') return;
      const setting = set.name.toLowerCase();
      const values = list(set.args).map(pgConstValue);
      const value = values.length === 1 ? values[0] : values.join(', ');
      const judge = PG_SETTINGS[setting];
      if (!judge || !judge(value)) return;
      report({
        messageId: 'settingOff',
        data: { scope, setting, value: String(value) },
        span: findNameSpan(stmt, setting.split('.')),
      });
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'set') return;
    for (const e of myList(ast.expr)) {
      const left = isRecord(e.left) ? e.left : {};
      const members = Array.isArray(left.members) ? left.members.map(String) : [];
      const prefixed = myText(left.name);
      const setting = (
        members.length > 0 && ['global', 'session', 'persist'].includes(prefixed)
          ? members.join('.')
          : prefixed
      ).toLowerCase();
      const scope = `SET ${myText(ast.keyword).toUpperCase()}`.trim();
      const shown = members.length > 0 ? `@@${prefixed}.${setting}` : setting;
      const right =
        isRecord(e.right) && e.right.type === 'column_ref' ? myText(e.right.column) : myConstValue(e.right);
      const judge = MYSQL_SETTINGS[setting];
      if (!judge || !judge(right)) continue;
      report({
        messageId: 'settingOff',
        data: { scope, setting: shown, value: String(right) },
        span: findNameSpan(stmt, [setting]),
      });
    }
  },
});
