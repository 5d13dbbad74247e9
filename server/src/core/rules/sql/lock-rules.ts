import type { SqlRule } from '../rule';

/** Lock/downtime and compatibility rules (PostgreSQL, squawk parity; MySQL copying ALTERs). */
export const LOCK_RULES: readonly SqlRule[] = [];
