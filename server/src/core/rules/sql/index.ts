import type { SqlRule } from '../rule';
import { LOCK_RULES } from './lock-rules';

/** Every SQL rule, in a stable order. */
export const SQL_RULES: readonly SqlRule[] = [...LOCK_RULES];
