import { asNode, isRecord, list } from '../../sql/pg-ast';
import type { ActionEffect } from '../../types';
import { defineSqlRule } from '../rule';
import { myAst, myConstValue, myList, myText } from './util/mysql';
import { pgConstValue, pgStmt } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

const off = (v: unknown): boolean =>
  v === false ||
  v === 0 ||
  (typeof v === 'string' && ['off', 'false', '0', 'no'].includes(v.trim().toLowerCase()));
const on = (v: unknown): boolean =>
  v === true ||
  v === 1 ||
  (typeof v === 'string' && ['on', 'true', '1', 'yes'].includes(v.trim().toLowerCase()));
const changed = (): boolean => true;

/**
 * Settings whose change makes committed data losable (durability) or the database unavailable to
 * the application (read-only switches), with the value test that weakens them. PostgreSQL docs
 * "Write Ahead Log" (fsync: "can result in unrecoverable data corruption"; full_page_writes;
 * synchronous_commit "off" loses recent transactions on a crash), "Client Connection Defaults"
 * (default_transaction_read_only); MySQL manual "InnoDB Startup Options and System Variables"
 * (innodb_flush_log_at_trx_commit, innodb_doublewrite), "Binary Logging Options" (sync_binlog),
 * "Server System Variables" (read_only, super_read_only, offline_mode).
 */
const PG_WEAKENING: Record<string, (v: unknown) => boolean> = {
  fsync: off,
  full_page_writes: off,
  synchronous_commit: (v) => off(v) || (typeof v === 'string' && v.toLowerCase() === 'local'),
  wal_level: (v) => typeof v === 'string' && v.toLowerCase() === 'minimal',
  default_transaction_read_only: on,
  zero_damaged_pages: on,
  ignore_checksum_failure: on,
};
const MYSQL_WEAKENING: Record<string, (v: unknown) => boolean> = {
  innodb_flush_log_at_trx_commit: (v) => String(v) !== '1',
  sync_binlog: (v) => String(v) === '0',
  innodb_doublewrite: off,
  read_only: changed,
  super_read_only: changed,
  offline_mode: on,
  foreign_key_checks: off,
  innodb_force_recovery: (v) => String(v) !== '0',
};
/** Logging settings `audit-logging-disabled` reports; not reported twice here. */
const AUDIT_SETTINGS = new Set([
  'log_statement',
  'logging_collector',
  'log_connections',
  'log_disconnections',
  'pgaudit.log',
  'session_replication_role',
]);

function effects(setting: string): ActionEffect[] {
  return [{ verb: 'overwrite', resource: { kind: 'control', id: `database setting ${setting}` } }];
}

/**
 * Server-wide configuration changes: PostgreSQL `ALTER SYSTEM` (any: it rewrites
 * `postgresql.auto.conf` for every session and survives restarts), `DROP TABLESPACE` (a storage
 * location of the cluster; PostgreSQL refuses to drop one that holds objects), and PostgreSQL / MySQL
 * settings that weaken durability or switch the server read-only, through `ALTER SYSTEM`,
 * MySQL `SET GLOBAL` / `SET PERSIST` / `SET @@global.x`. Placed on the setting name.
 */
export default defineSqlRule({
  meta: {
    id: 'server-setting-changed',
    title: 'Changing server-wide settings',
    category: 'privilege',
    severity: 'warning',
    docs: {
      description:
        'Reports `ALTER SYSTEM`, `DROP TABLESPACE` and `SET GLOBAL`/`SET PERSIST` of durability and read-only settings (`fsync`, ' +
        '`full_page_writes`, `synchronous_commit`, `innodb_flush_log_at_trx_commit`, `sync_binlog`, `read_only`).',
      problem:
        '`ALTER SYSTEM` writes `postgresql.auto.conf`: the change applies to every session and survives ' +
        'restarts, outside any migration history. Some settings trade safety away: `fsync = off` or ' +
        '`full_page_writes = off` can corrupt the cluster on a crash, `synchronous_commit = off`, ' +
        '`innodb_flush_log_at_trx_commit = 0` and `sync_binlog = 0` lose committed transactions, and ' +
        '`read_only` / `default_transaction_read_only` stop the application writing at all.',
      solution:
        'Change server configuration through configuration management (postgresql.conf / my.cnf under ' +
        "review, or the cloud provider's parameter groups) and keep `ALTER SYSTEM` and `SYSTEM_VARIABLES_ADMIN` " +
        'to DBAs. For a bulk load, prefer `SET LOCAL synchronous_commit = off` in the loading session only.',
    },
    messages: {
      alterSystem:
        'ALTER SYSTEM changes {{setting}} for every session of the server, and keeps it across restarts.',
      weakened: '{{scope}} {{setting}} = {{value}} makes committed data losable or the server unavailable.',
      dropTablespace:
        'DROP TABLESPACE {{name}} removes a storage location of the whole server (it must be empty, so no rows are lost).',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1', 'NIST:CM-5', 'NIST:CP-9'],
    sources: [
      'https://www.postgresql.org/docs/current/sql-altersystem.html',
      'https://www.postgresql.org/docs/current/runtime-config-wal.html',
      'https://dev.mysql.com/doc/refman/8.0/en/innodb-parameters.html#sysvar_innodb_flush_log_at_trx_commit',
      'https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html#sysvar_sync_binlog',
      'https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_read_only',
      'https://www.postgresql.org/docs/current/sql-droptablespace.html',
    ],
    examples: {
      valid: [
        "SET statement_timeout = '5s';",
        'SET LOCAL synchronous_commit = off;',
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES';",
      ],
      invalid: [
        'ALTER SYSTEM SET fsync = off;',
        "ALTER SYSTEM SET work_mem = '64MB';",
        'DROP TABLESPACE fast_ssd;',
      ],
    },
  },
  check(stmt, _ctx, report) {
    if (stmt.dialect === 'postgresql') {
      const space = pgStmt(stmt, 'DropTableSpaceStmt');
      if (space) {
        const name = String(space.tablespacename ?? '?');
        report({
          messageId: 'dropTablespace',
          data: { name },
          span: findNameSpan(stmt, [name]),
          effects: [{ verb: 'destroy', resource: { kind: 'control', id: `tablespace ${name}` } }],
        });
        return;
      }
      const system = pgStmt(stmt, 'AlterSystemStmt');
      if (!system) return;
      const set = isRecord(system.setstmt)
        ? (asNode(system.setstmt, 'VariableSetStmt') ?? system.setstmt)
        : {};
      const setting = typeof set.name === 'string' ? set.name.toLowerCase() : 'all settings';
      if (AUDIT_SETTINGS.has(setting)) return;
      const values = list(set.args).map(pgConstValue);
      const value = values.length === 1 ? values[0] : values.join(', ');
      const span =
        typeof set.name === 'string'
          ? findNameSpan(stmt, setting.split('.'))
          : findKeywordsSpan(stmt, ['system']);
      const weak = set.kind === 'VAR_SET_VALUE' && PG_WEAKENING[setting]?.(value);
      report(
        weak
          ? {
              messageId: 'weakened',
              data: { scope: 'ALTER SYSTEM SET', setting, value: String(value) },
              span,
              severity: 'error',
              effects: effects(setting),
            }
          : { messageId: 'alterSystem', data: { setting }, span, effects: effects(setting) },
      );
      return;
    }
    const ast = myAst(stmt);
    if (ast?.type !== 'set') return;
    const keyword = myText(ast.keyword);
    for (const e of myList(ast.expr)) {
      const left = isRecord(e.left) ? e.left : {};
      const members = Array.isArray(left.members) ? left.members.map(String) : [];
      const prefix = myText(left.name);
      const scopeWord = members.length > 0 ? prefix : keyword;
      if (scopeWord !== 'global' && scopeWord !== 'persist' && scopeWord !== 'persist_only') continue;
      const setting = (members.length > 0 ? members.join('.') : prefix).toLowerCase();
      const right =
        isRecord(e.right) && e.right.type === 'column_ref' ? myText(e.right.column) : myConstValue(e.right);
      if (!MYSQL_WEAKENING[setting]?.(right)) continue;
      report({
        messageId: 'weakened',
        data: { scope: `SET ${scopeWord.toUpperCase()}`, setting, value: String(right) },
        span: findNameSpan(stmt, [setting]),
        severity: 'error',
        effects: effects(setting),
      });
    }
  },
});
