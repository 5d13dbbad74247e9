/**
 * Compatibility re-export: policy watching moved to `server/src/runtime/watch.ts` (the
 * composition root below every adapter). Import from there.
 */
export { watchPolicies } from '../runtime/watch';
