import type { ShellRule } from '../rule';
import cloudDelete from './cloud-delete';
import dbDumpToNetwork from './db-dump-to-network';
import dbQueryToNetwork from './db-query-to-network';
import diskDestroy from './disk-destroy';
import dropdb from './dropdb';
import fileDestroy from './file-destroy';
import findDeleteWide from './find-delete-wide';
import forkBomb from './fork-bomb';
import gitDiscardWork from './git-discard-work';
import gitForcePushProtected from './git-force-push-protected';
import kubectlDeleteWide from './kubectl-delete-wide';
import persistencePathWrite from './persistence-path-write';
import privilegeEscalation from './privilege-escalation';
import publicShare from './public-share';
import railguardControlTamper from './railguard-control-tamper';
import redisFlush from './redis-flush';
import rmRecursiveWide from './rm-recursive-wide';
import secretFileAccess from './secret-file-access';
import terraformDestroy from './terraform-destroy';
import uploadToNetwork from './upload-to-network';

/** Every shell rule, in a stable order (alphabetical by id). */
export const SHELL_RULES: readonly ShellRule[] = [
  cloudDelete,
  dbDumpToNetwork,
  dbQueryToNetwork,
  diskDestroy,
  dropdb,
  fileDestroy,
  findDeleteWide,
  forkBomb,
  gitDiscardWork,
  gitForcePushProtected,
  kubectlDeleteWide,
  persistencePathWrite,
  privilegeEscalation,
  publicShare,
  railguardControlTamper,
  redisFlush,
  rmRecursiveWide,
  secretFileAccess,
  terraformDestroy,
  uploadToNetwork,
];
