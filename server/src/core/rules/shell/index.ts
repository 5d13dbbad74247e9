import type { ShellRule } from '../rule';
import cloudDelete from './cloud-delete';
import diskDestroy from './disk-destroy';
import dropdb from './dropdb';
import findDeleteWide from './find-delete-wide';
import gitDiscardWork from './git-discard-work';
import gitForcePushProtected from './git-force-push-protected';
import kubectlDeleteWide from './kubectl-delete-wide';
import redisFlush from './redis-flush';
import rmRecursiveWide from './rm-recursive-wide';
import terraformDestroy from './terraform-destroy';

/** Every shell rule, in a stable order (alphabetical by id). */
export const SHELL_RULES: readonly ShellRule[] = [
  cloudDelete,
  diskDestroy,
  dropdb,
  findDeleteWide,
  gitDiscardWork,
  gitForcePushProtected,
  kubectlDeleteWide,
  redisFlush,
  rmRecursiveWide,
  terraformDestroy,
];
