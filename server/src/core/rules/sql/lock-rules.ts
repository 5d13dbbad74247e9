import type { SqlRule } from '../rule';
import addExclusionConstraint from './add-exclusion-constraint';
import addPrimaryKey from './add-primary-key';
import addRequiredColumn from './add-required-column';
import addStoredGeneratedColumn from './add-stored-generated-column';
import backfillInDdlTransaction from './backfill-in-ddl-transaction';
import changeColumnType from './change-column-type';
import constraintMissingNotValid from './constraint-missing-not-valid';
import createIndexNonConcurrently from './create-index-non-concurrently';
import dropIndexNonConcurrently from './drop-index-non-concurrently';
import dropNotNull from './drop-not-null';
import indexTooManyColumns from './index-too-many-columns';
import jsonColumn from './json-column';
import leftoverInvalidIndex from './leftover-invalid-index';
import mysqlCopyingAlter from './mysql-copying-alter';
import reindexNonConcurrently from './reindex-non-concurrently';
import renameColumn from './rename-column';
import renameEnumValueOrSchema from './rename-enum-value-or-schema';
import renameTable from './rename-table';
import requireLockTimeout from './require-lock-timeout';
import setNotNull from './set-not-null';
import uniqueConstraintOnExistingTable from './unique-constraint-on-existing-table';
import volatileDefault from './volatile-default';

/** Lock/downtime and compatibility rules (PostgreSQL, squawk parity; MySQL copying ALTERs), by id. */
export const LOCK_RULES: readonly SqlRule[] = [
  addExclusionConstraint,
  addPrimaryKey,
  addRequiredColumn,
  addStoredGeneratedColumn,
  backfillInDdlTransaction,
  changeColumnType,
  constraintMissingNotValid,
  createIndexNonConcurrently,
  dropIndexNonConcurrently,
  dropNotNull,
  indexTooManyColumns,
  jsonColumn,
  leftoverInvalidIndex,
  mysqlCopyingAlter,
  reindexNonConcurrently,
  renameColumn,
  renameEnumValueOrSchema,
  renameTable,
  requireLockTimeout,
  setNotNull,
  uniqueConstraintOnExistingTable,
  volatileDefault,
];
