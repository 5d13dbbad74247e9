import type { ShellRule } from '../rule';

/** Every shell rule, in a stable order. */
export const SHELL_RULES: readonly ShellRule[] = [];
