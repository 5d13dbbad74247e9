/**
 * Compatibility re-exports: the runtime moved to `server/src/runtime/runtime.ts` (the composition
 * root below every adapter). Import from there.
 */
export {
  builtinPolicyDir,
  bundledWasmDir,
  formatPolicyDiagnostics,
  formatPolicyProblems,
  loadRuntime,
  type Runtime,
} from '../runtime/runtime';
