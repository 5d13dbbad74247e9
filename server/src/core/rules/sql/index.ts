import type { SqlRule } from '../rule';
import dropTable from './drop-table';
import { LOCK_RULES } from './lock-rules';

/**
 * Data-loss, exfiltration and privilege/audit rules, by category then id. Each module's file
 * name is its rule id (checked by `test/unit/rules/sql/meta.test.ts`).
 */
export const SAFETY_RULES: readonly SqlRule[] = [dropTable];

/** Every SQL rule, in a stable order. */
export const SQL_RULES: readonly SqlRule[] = [...SAFETY_RULES, ...LOCK_RULES];
