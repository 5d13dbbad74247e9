import type { SqlRule } from '../rule';
import banCharField from './ban-char-field';
import preferBigintOverInt from './prefer-bigint-over-int';
import preferRobustStmts from './prefer-robust-stmts';
import preferTimestamptz from './prefer-timestamptz';
import requireStatementTimeout from './require-statement-timeout';

/**
 * Opt-in style rules (squawk parity), by id: not in `SQL_RULES`, so the engine does not run them
 * unless a caller passes them (`railguard lint --style`). There is no per-rule enabling in policy
 * yet; they carry severity `hint` and category `compatibility`.
 */
export const STYLE_RULES: readonly SqlRule[] = [
  banCharField,
  preferBigintOverInt,
  preferRobustStmts,
  preferTimestamptz,
  requireStatementTimeout,
];
