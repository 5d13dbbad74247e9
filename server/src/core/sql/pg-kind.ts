import { isRecord, nodeType, type PgFields } from './pg-ast';

/**
 * Names a libpg-query statement node as PostgreSQL's "SQL Commands" reference names the command
 * (https://www.postgresql.org/docs/current/sql-commands.html): `DROP TABLE`, `ALTER INDEX`,
 * `CREATE PROCEDURE`, `SELECT INTO`, `COMMIT`… Node types and their `objtype`/`removeType`/`kind`
 * enums are those of `parsenodes.h` (as shipped in `@pgsql/types`).
 */

/** Object types whose SQL name is not their enum name with `_` read as a space. */
const SPECIAL_OBJECT_NAMES: Readonly<Record<string, string>> = {
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_TABCONSTRAINT: 'TABLE',
  OBJECT_DOMCONSTRAINT: 'DOMAIN',
  OBJECT_FOREIGN_SERVER: 'SERVER',
  OBJECT_FDW: 'FOREIGN DATA WRAPPER',
  OBJECT_LARGEOBJECT: 'LARGE OBJECT',
  OBJECT_OPCLASS: 'OPERATOR CLASS',
  OBJECT_OPFAMILY: 'OPERATOR FAMILY',
  OBJECT_STATISTIC_EXT: 'STATISTICS',
  OBJECT_TSCONFIGURATION: 'TEXT SEARCH CONFIGURATION',
  OBJECT_TSDICTIONARY: 'TEXT SEARCH DICTIONARY',
  OBJECT_TSPARSER: 'TEXT SEARCH PARSER',
  OBJECT_TSTEMPLATE: 'TEXT SEARCH TEMPLATE',
  OBJECT_PARAMETER_ACL: 'PARAMETER',
  OBJECT_AMOP: 'OPERATOR FAMILY',
  OBJECT_AMPROC: 'OPERATOR FAMILY',
};

/** `OBJECT_MATVIEW` ⇒ `MATERIALIZED VIEW`, `OBJECT_FOREIGN_TABLE` ⇒ `FOREIGN TABLE`… */
export function objectTypeName(objtype: unknown): string | undefined {
  if (typeof objtype !== 'string' || !objtype.startsWith('OBJECT_')) return undefined;
  return SPECIAL_OBJECT_NAMES[objtype] ?? objtype.slice('OBJECT_'.length).replace(/_/g, ' ');
}

const TRANSACTION_KINDS: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE SAVEPOINT',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

/** Node types whose command name is fixed. */
const FIXED: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  CreateStmt: 'CREATE TABLE',
  IndexStmt: 'CREATE INDEX',
  CreateTrigStmt: 'CREATE TRIGGER',
  DoStmt: 'DO',
  CopyStmt: 'COPY',
  TruncateStmt: 'TRUNCATE',
  AlterRoleStmt: 'ALTER ROLE',
  AlterRoleSetStmt: 'ALTER ROLE',
  DropRoleStmt: 'DROP ROLE',
  AlterSystemStmt: 'ALTER SYSTEM',
  VariableShowStmt: 'SHOW',
  ReindexStmt: 'REINDEX',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  AlterEnumStmt: 'ALTER TYPE',
  DropOwnedStmt: 'DROP OWNED',
  ReassignOwnedStmt: 'REASSIGN OWNED',
  CommentStmt: 'COMMENT',
  ViewStmt: 'CREATE VIEW',
  CreateSeqStmt: 'CREATE SEQUENCE',
  AlterSeqStmt: 'ALTER SEQUENCE',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  AlterDatabaseStmt: 'ALTER DATABASE',
  AlterDatabaseSetStmt: 'ALTER DATABASE',
  AlterDatabaseRefreshCollStmt: 'ALTER DATABASE',
  CreateExtensionStmt: 'CREATE EXTENSION',
  AlterExtensionStmt: 'ALTER EXTENSION',
  AlterExtensionContentsStmt: 'ALTER EXTENSION',
  CreateEnumStmt: 'CREATE TYPE',
  CompositeTypeStmt: 'CREATE TYPE',
  CreateRangeStmt: 'CREATE TYPE',
  CreateDomainStmt: 'CREATE DOMAIN',
  AlterDomainStmt: 'ALTER DOMAIN',
  CreatePolicyStmt: 'CREATE POLICY',
  AlterPolicyStmt: 'ALTER POLICY',
  RuleStmt: 'CREATE RULE',
  ExplainStmt: 'EXPLAIN',
  LockStmt: 'LOCK',
  CallStmt: 'CALL',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  NotifyStmt: 'NOTIFY',
  ListenStmt: 'LISTEN',
  UnlistenStmt: 'UNLISTEN',
  ClusterStmt: 'CLUSTER',
  CheckPointStmt: 'CHECKPOINT',
  DiscardStmt: 'DISCARD',
  LoadStmt: 'LOAD',
  CreateForeignTableStmt: 'CREATE FOREIGN TABLE',
  CreateFdwStmt: 'CREATE FOREIGN DATA WRAPPER',
  AlterFdwStmt: 'ALTER FOREIGN DATA WRAPPER',
  CreateForeignServerStmt: 'CREATE SERVER',
  AlterForeignServerStmt: 'ALTER SERVER',
  CreateUserMappingStmt: 'CREATE USER MAPPING',
  AlterUserMappingStmt: 'ALTER USER MAPPING',
  DropUserMappingStmt: 'DROP USER MAPPING',
  ImportForeignSchemaStmt: 'IMPORT FOREIGN SCHEMA',
  CreateEventTrigStmt: 'CREATE EVENT TRIGGER',
  AlterEventTrigStmt: 'ALTER EVENT TRIGGER',
  CreatePublicationStmt: 'CREATE PUBLICATION',
  AlterPublicationStmt: 'ALTER PUBLICATION',
  CreateSubscriptionStmt: 'CREATE SUBSCRIPTION',
  AlterSubscriptionStmt: 'ALTER SUBSCRIPTION',
  DropSubscriptionStmt: 'DROP SUBSCRIPTION',
  SecLabelStmt: 'SECURITY LABEL',
  AlterDefaultPrivilegesStmt: 'ALTER DEFAULT PRIVILEGES',
  CreateStatsStmt: 'CREATE STATISTICS',
  AlterStatsStmt: 'ALTER STATISTICS',
  CreateCastStmt: 'CREATE CAST',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  DropTableSpaceStmt: 'DROP TABLESPACE',
  AlterTableSpaceOptionsStmt: 'ALTER TABLESPACE',
  AlterTableMoveAllStmt: 'ALTER TABLE',
  CreatePLangStmt: 'CREATE LANGUAGE',
  CreateConversionStmt: 'CREATE CONVERSION',
  CreateOpClassStmt: 'CREATE OPERATOR CLASS',
  CreateOpFamilyStmt: 'CREATE OPERATOR FAMILY',
  AlterOpFamilyStmt: 'ALTER OPERATOR FAMILY',
  AlterOperatorStmt: 'ALTER OPERATOR',
  AlterTypeStmt: 'ALTER TYPE',
  AlterCollationStmt: 'ALTER COLLATION',
  CreateTransformStmt: 'CREATE TRANSFORM',
  CreateAmStmt: 'CREATE ACCESS METHOD',
  AlterTSConfigurationStmt: 'ALTER TEXT SEARCH CONFIGURATION',
  AlterTSDictionaryStmt: 'ALTER TEXT SEARCH DICTIONARY',
  DeclareCursorStmt: 'DECLARE',
  ClosePortalStmt: 'CLOSE',
  ConstraintsSetStmt: 'SET CONSTRAINTS',
  ReturnStmt: 'RETURN',
  PLAssignStmt: 'ASSIGN',
};

/** `FooBarStmt` ⇒ `FOO BAR` (last resort for node types not in the tables). */
function fromTypeName(type: string): string {
  return type
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

/** The command name of statement node `node` (`{ DropStmt: {...} }`), `UNKNOWN` for a non-node. */
export function pgStatementKind(node: unknown): string {
  const type = nodeType(node);
  if (!type || !isRecord(node)) return 'UNKNOWN';
  const f = (isRecord(node[type]) ? node[type] : {}) as PgFields;
  const fixed = FIXED[type];
  if (fixed) return fixed;
  const obj = (v: unknown, fallback: string): string => objectTypeName(v) ?? fallback;
  switch (type) {
    case 'SelectStmt':
      return f.intoClause ? 'SELECT INTO' : 'SELECT';
    case 'CreateTableAsStmt':
      if (f.objtype === 'OBJECT_MATVIEW') return 'CREATE MATERIALIZED VIEW';
      return f.is_select_into === true ? 'SELECT INTO' : 'CREATE TABLE AS';
    case 'AlterTableStmt':
      return `ALTER ${obj(f.objtype, 'TABLE')}`;
    case 'DropStmt':
      return `DROP ${obj(f.removeType, 'OBJECT')}`;
    case 'RenameStmt': {
      const t = f.renameType;
      if (t === 'OBJECT_COLUMN' || t === 'OBJECT_TABCONSTRAINT')
        return `ALTER ${obj(f.relationType, 'TABLE')}`;
      return `ALTER ${obj(t, 'OBJECT')}`;
    }
    case 'AlterObjectSchemaStmt':
    case 'AlterOwnerStmt':
    case 'AlterObjectDependsStmt':
      return `ALTER ${obj(f.objectType, 'OBJECT')}`;
    case 'AlterFunctionStmt':
      return `ALTER ${obj(f.objtype, 'FUNCTION')}`;
    case 'DefineStmt':
      return `CREATE ${obj(f.kind, 'OBJECT')}`;
    case 'CreateFunctionStmt':
      return f.is_procedure === true ? 'CREATE PROCEDURE' : 'CREATE FUNCTION';
    case 'GrantStmt':
    case 'GrantRoleStmt':
      return f.is_grant === true ? 'GRANT' : 'REVOKE';
    case 'CreateRoleStmt':
      return f.stmt_type === 'ROLESTMT_USER'
        ? 'CREATE USER'
        : f.stmt_type === 'ROLESTMT_GROUP'
          ? 'CREATE GROUP'
          : 'CREATE ROLE';
    case 'VariableSetStmt':
      return f.kind === 'VAR_RESET' || f.kind === 'VAR_RESET_ALL' ? 'RESET' : 'SET';
    case 'TransactionStmt':
      return TRANSACTION_KINDS[String(f.kind)] ?? 'TRANSACTION';
    case 'VacuumStmt':
      return f.is_vacuumcmd === true ? 'VACUUM' : 'ANALYZE';
    case 'FetchStmt':
      return f.ismove === true ? 'MOVE' : 'FETCH';
    default:
      return fromTypeName(type);
  }
}
