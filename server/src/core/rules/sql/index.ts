import type { SqlRule } from '../rule';
import deleteWithoutWhere from './delete-without-where';
import dropColumn from './drop-column';
import dropDatabase from './drop-database';
import dropMaterializedView from './drop-materialized-view';
import dropOwned from './drop-owned';
import dropSchema from './drop-schema';
import dropTable from './drop-table';
import replaceIntoSelect from './replace-into-select';
import truncateTable from './truncate-table';
import updateWithoutWhere from './update-without-where';
import copyToProgramOrFile from './copy-to-program-or-file';
import copyFromProgram from './copy-from-program';
import selectIntoOutfile from './select-into-outfile';
import loadDataInfile from './load-data-infile';
import serverFileAccess from './server-file-access';
import dblink from './dblink';
import grantToPublic from './grant-to-public';
import grantAllPrivileges from './grant-all-privileges';
import superuserRole from './superuser-role';
import disableRowLevelSecurity from './disable-row-level-security';
import auditLoggingDisabled from './audit-logging-disabled';
import alterRolePassword from './alter-role-password';
import blackholeEngine from './blackhole-engine';
import dropCascade from './drop-cascade';
import grantPowerfulRole from './grant-powerful-role';
import insteadRule from './instead-rule';
import mergeDelete from './merge-delete';
import revokeAccess from './revoke-access';
import serverSettingChanged from './server-setting-changed';
import terminateSessions from './terminate-sessions';
import untrustedLanguage from './untrusted-language';
import largeObjectUnlink from './large-object-unlink';
import reassignOwned from './reassign-owned';
import replicationBroken from './replication-broken';
import sequenceReset from './sequence-reset';
import { LOCK_RULES } from './lock-rules';
import { STYLE_RULES } from './style-rules';

export { STYLE_RULES };

/**
 * Data-loss, exfiltration and privilege/audit rules, by category then id. Each module's file
 * name is its rule id (checked by `test/unit/rules/sql/meta.test.ts`).
 */
export const SAFETY_RULES: readonly SqlRule[] = [
  dropDatabase,
  dropSchema,
  dropTable,
  dropMaterializedView,
  dropColumn,
  truncateTable,
  deleteWithoutWhere,
  updateWithoutWhere,
  dropOwned,
  replaceIntoSelect,
  copyToProgramOrFile,
  copyFromProgram,
  selectIntoOutfile,
  loadDataInfile,
  serverFileAccess,
  dblink,
  grantToPublic,
  grantAllPrivileges,
  superuserRole,
  disableRowLevelSecurity,
  auditLoggingDisabled,
  // Administration, availability and hidden destruction (issue 11 §2), alphabetical.
  alterRolePassword,
  blackholeEngine,
  dropCascade,
  grantPowerfulRole,
  insteadRule,
  largeObjectUnlink,
  mergeDelete,
  reassignOwned,
  replicationBroken,
  revokeAccess,
  sequenceReset,
  serverSettingChanged,
  terminateSessions,
  untrustedLanguage,
];

/** Every SQL rule, in a stable order. */
export const SQL_RULES: readonly SqlRule[] = [...SAFETY_RULES, ...LOCK_RULES];
