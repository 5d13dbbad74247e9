import type { ActionKind, ActionSource, Dialect, Effect, EnforcementMode } from '../core/types';
import type { MerkleState } from './merkle';

/**
 * The audit log's record types.
 *
 * Mapping to NIST SP 800-53 Rev. 5 AU-3 "Content of Audit Records" (a–f) and AU-3(1):
 * - (a) type of event — `what.kind`, `what.statementKinds`, `type`
 * - (b) when — `time` (UTC, ISO 8601 with milliseconds and `Z`) and `seq` (gap-free order)
 * - (c) where — `where.host`, `where.workspace`, `where.environment`, `where.target`
 * - (d) source — `source` (terminal, task, agent-hook, lm-tool, mcp, proxy, editor, cli)
 * - (e) outcome — `outcome.effect`, `outcome.approval`, `outcome.exitCode`, `outcome.mode`,
 *   `outcome.observed` (a command seen running, not a decision)
 * - (f) identity — `identity.user`, `identity.agent` (name + session), `identity.approver`
 * - AU-3(1) additional content — `decisionId`, `rules`, `policySetHash`, `controls`,
 *   `what.text` (masked), `what.fingerprint`, `what.tables`
 * Integrity (AU-9, AU-9(3) cryptographic protection, AU-10 non-repudiation): `prevHash`/`hash`
 * chain and signed {@link CheckpointRecord}s.
 */

/** The hash that the first record of a log chains to: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Approval outcome of an `ask` decision (`cancelled`: the requester went away before an answer). */
export type Approval = 'approved' | 'rejected' | 'expired' | 'cancelled';

/** What callers give the writer. Text is masked by the writer, whatever the caller did. */
export interface AuditInput {
  what: {
    kind: ActionKind;
    /** The exact text as typed; the writer masks it and never stores the raw text. */
    text: string;
    dialect?: Dialect;
    /** Statement kinds (`DELETE`, `DROP TABLE`…) when known. */
    statementKinds?: string[];
    /** Tables read or written (as the analyzer reports them). */
    tables?: string[];
  };
  where?: { workspace?: string; environment?: string; target?: string; host?: string };
  source: ActionSource;
  outcome: {
    effect: Effect;
    approval?: Approval;
    exitCode?: number;
    mode?: EnforcementMode;
    /**
     * True for an observation: a command VS Code's shell integration saw start in a terminal
     * (`window.onDidStartTerminalShellExecution`), after the fact; the record of its end
     * (`onDidEndTerminalShellExecution`) repeats it with `exitCode`. Nothing was asked or enforced;
     * `effect` is what the policy decides for it, recorded so an unguarded run shows up.
     */
    observed?: true;
  };
  identity: {
    /** The human user (OS / git user) on whose behalf the action runs. */
    user: string;
    /** The git identity (`Name <email>`) configured where the action runs, when there is one. */
    gitUser?: string;
    agent?: { name: string; sessionId?: string };
    approver?: string;
  };
  decisionId: string;
  /** Matched rule ids. */
  rules?: string[];
  policySetHash?: string;
  /** Compliance controls from the matched rules' metadata (`SOC2:CC6.1`, `NIST:AU-9`…). */
  controls?: string[];
  /** Time of the event; defaults to the writer's clock. */
  time?: Date;
}

/** Fields every line carries. `hash = sha256(JCS(record without hash))`. */
export interface RecordBase {
  /** Format version. */
  v: 1;
  /** 0-based, gap-free across rotated files. */
  seq: number;
  /** UTC, ISO 8601 (`2025-01-31T12:00:00.000Z`). */
  time: string;
  /** `hash` of the record with `seq - 1` ({@link GENESIS_HASH} for seq 0). */
  prevHash: string;
  /** Lowercase hex SHA-256 of the record's canonical JSON without `hash`. */
  hash: string;
}

/** One audited action (see the AU-3 mapping above). */
export interface EventRecord extends RecordBase {
  type: 'event';
  what: {
    kind: ActionKind;
    /** Masked text (secrets `[REDACTED:kind]`, PII `[PII:kind]`). */
    text: string;
    /** SQL fingerprint (literals replaced by placeholders), masked as well. */
    fingerprint?: string;
    dialect?: Dialect;
    statementKinds?: string[];
    tables?: string[];
    /** Kinds of what masking found (no values). */
    masked?: string[];
  };
  where: { host: string; workspace?: string; environment?: string; target?: string };
  source: ActionSource;
  outcome: AuditInput['outcome'];
  identity: AuditInput['identity'];
  decisionId: string;
  rules: string[];
  policySetHash?: string;
  controls: string[];
}

/**
 * A signed tree head (as Certificate Transparency STHs and CloudTrail digest files): the RFC 6962
 * root over the hashes of records `0 .. treeSize-1` (all records before this one, so
 * `treeSize = seq`), signed with the log's Ed25519 key over JCS(record without `signature`, `hash`).
 */
export interface CheckpointRecord extends RecordBase {
  type: 'checkpoint';
  treeSize: number;
  rootHash: string;
  /** The accumulator state, so a writer resumes without rereading the log. */
  merkle: MerkleState;
  /** First 16 hex of SHA-256 over the public key's SPKI DER. */
  keyId: string;
  /** Base64 Ed25519 signature (RFC 8032). */
  signature: string;
}

/**
 * Written by a writer that found a torn (partial) last line on open: it names the line and the
 * SHA-256 of its bytes, so the fragment is accounted for, never silently dropped.
 */
export interface RecoveryRecord extends RecordBase {
  type: 'recovery';
  torn: { file: string; line: number; bytes: number; sha256: string };
}

export type AuditRecord = EventRecord | CheckpointRecord | RecoveryRecord;

/** Kinds of verification problems. */
export type ProblemKind =
  'edited' | 'dropped' | 'inserted' | 'reordered' | 'torn' | 'bad-signature' | 'bad-checkpoint';

/** One problem `verifyAudit` found; `line` is 1-based in `file` (a file name in the log dir). */
export interface AuditProblem {
  file: string;
  line: number;
  /** The seq concerned (the missing one for `dropped`, the expected one for `torn`). */
  seq: number;
  kind: ProblemKind;
  message: string;
  /** True for a torn line that a later writer accounted for with a {@link RecoveryRecord}. */
  recovered?: boolean;
}
