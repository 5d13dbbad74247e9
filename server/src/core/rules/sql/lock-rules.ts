import type { SqlRule } from '../rule';
import addPrimaryKey from './add-primary-key';
import addRequiredColumn from './add-required-column';
import changeColumnType from './change-column-type';
import constraintMissingNotValid from './constraint-missing-not-valid';
import createIndexNonConcurrently from './create-index-non-concurrently';
import dropIndexNonConcurrently from './drop-index-non-concurrently';
import dropNotNull from './drop-not-null';
import mysqlCopyingAlter from './mysql-copying-alter';
import reindexNonConcurrently from './reindex-non-concurrently';
import renameColumn from './rename-column';
import renameTable from './rename-table';
import requireLockTimeout from './require-lock-timeout';
import setNotNull from './set-not-null';
import uniqueConstraintOnExistingTable from './unique-constraint-on-existing-table';
import volatileDefault from './volatile-default';

/** Lock/downtime and compatibility rules (PostgreSQL, squawk parity; MySQL copying ALTERs), by id. */
export const LOCK_RULES: readonly SqlRule[] = [
  addPrimaryKey,
  addRequiredColumn,
  changeColumnType,
  constraintMissingNotValid,
  createIndexNonConcurrently,
  dropIndexNonConcurrently,
  dropNotNull,
  mysqlCopyingAlter,
  reindexNonConcurrently,
  renameColumn,
  renameTable,
  requireLockTimeout,
  setNotNull,
  uniqueConstraintOnExistingTable,
  volatileDefault,
];
