import type { ShellRule } from '../rule';
import agentSafetyBypass from './agent-safety-bypass';
import cloudDelete from './cloud-delete';
import controlCliDisable from './control-cli-disable';
import controlEnvChange from './control-env-change';
import controlHookDisable from './control-hook-disable';
import controlProcessKill from './control-process-kill';
import dbDumpToNetwork from './db-dump-to-network';
import dbQueryToNetwork from './db-query-to-network';
import destructiveToolVerb from './destructive-tool-verb';
import diskDestroy from './disk-destroy';
import downloadThenRun from './download-then-run';
import dropdb from './dropdb';
import environmentCheckOverride from './environment-check-override';
import fileDestroy from './file-destroy';
import findDeleteWide from './find-delete-wide';
import forkBomb from './fork-bomb';
import gitDiscardWork from './git-discard-work';
import gitForcePushProtected from './git-force-push-protected';
import httpDeleteRequest from './http-delete-request';
import killUnknownProcess from './kill-unknown-process';
import kubectlDeleteWide from './kubectl-delete-wide';
import persistencePathWrite from './persistence-path-write';
import privilegeEscalation from './privilege-escalation';
import publicShare from './public-share';
import railguardControlTamper from './railguard-control-tamper';
import redisFlush from './redis-flush';
import reverseShell from './reverse-shell';
import rmRecursiveWide from './rm-recursive-wide';
import secretFileAccess from './secret-file-access';
import secretToNetwork from './secret-to-network';
import serviceStop from './service-stop';
import terraformDestroy from './terraform-destroy';
import toolDowntime from './tool-downtime';
import toolExfiltration from './tool-exfiltration';
import toolPrivilegedAccess from './tool-privileged-access';
import uploadToNetwork from './upload-to-network';

/** Every shell rule, in a stable order (alphabetical by id). */
export const SHELL_RULES: readonly ShellRule[] = [
  agentSafetyBypass,
  cloudDelete,
  controlCliDisable,
  controlEnvChange,
  controlHookDisable,
  controlProcessKill,
  dbDumpToNetwork,
  dbQueryToNetwork,
  destructiveToolVerb,
  diskDestroy,
  downloadThenRun,
  dropdb,
  environmentCheckOverride,
  fileDestroy,
  findDeleteWide,
  forkBomb,
  gitDiscardWork,
  gitForcePushProtected,
  httpDeleteRequest,
  killUnknownProcess,
  kubectlDeleteWide,
  persistencePathWrite,
  privilegeEscalation,
  publicShare,
  railguardControlTamper,
  redisFlush,
  reverseShell,
  rmRecursiveWide,
  secretFileAccess,
  secretToNetwork,
  serviceStop,
  terraformDestroy,
  toolDowntime,
  toolExfiltration,
  toolPrivilegedAccess,
  uploadToNetwork,
];
