/**
 * The language-server messages of the editor's approval UI and interceptors, shared by the server
 * (`server/src/lsp/decision-host.ts`) and the extension (`extension/src/approvals`), as
 * `protocol.ts` shares the linting messages. Types and method names only: no runtime dependency on
 * either side's LSP library.
 *
 * Direction and kind (LSP 3.17 terms):
 * - {@link REQUEST_APPROVAL_METHOD}: server → client request; cancelled with `$/cancelRequest`
 *   when the daemon's wait expires (the client withdraws the prompt).
 * - {@link JUDGE_METHOD}: client → server request (tasks, the language model tool); an `ask` waits
 *   for the approval UI like any other caller of the daemon.
 * - {@link RUN_COMMAND_METHOD}: client → server request: judge, then run only if allowed.
 * - {@link OBSERVED_COMMAND_METHOD}: client → server notification of a command seen in a terminal.
 */
import type { Actor, Effect } from '../core/types';

/** `railguard/requestApproval`: put an `ask` before the VS Code user. */
export const REQUEST_APPROVAL_METHOD = 'railguard/requestApproval';

/** What the editor shows for one `ask`. Every text is already masked (secrets and PII). */
export interface ApprovalPrompt {
  /** The daemon's approval id (UUID). */
  id: string;
  kind: string;
  /** The command or SQL, masked (`[REDACTED:kind]`, `[PII:kind]`). */
  command: string;
  cwd?: string;
  actor: Actor;
  /** `agent claude-code (session abc, for alice)` or `human alice`. */
  actorLabel: string;
  environment: string;
  /** True when the environment is a production one (the prompt is then modal). */
  production: boolean;
  /** The decision's reason, masked. */
  reason: string;
  /** Deciding policy rules, `policy/rule`, strictest first. */
  matched: string[];
  /** The findings that made it an `ask` or worse: rule id and message (masked). */
  findings: { ruleId: string; message: string }[];
  /** Who sent the action to the daemon (`agent-hook`, `terminal`, `task`, `lm-tool`…). */
  source: string;
  /**
   * SHA-256 (hex) of kind, whitespace-normalised text, environment and actor type/name: "approve
   * for this session" approves later asks with the same fingerprint.
   */
  fingerprint: string;
  /** ISO 8601 times. */
  requestedAt: string;
  expiresAt: string;
}

/** How an answer came about. */
export type ApprovalVia = 'prompt' | 'view' | 'session' | 'expiry' | 'withdrawn';

/** The client's answer to {@link REQUEST_APPROVAL_METHOD}, recorded by both sides for the audit. */
export interface ApprovalReply {
  id: string;
  answer: 'approved' | 'rejected' | 'expired';
  /** Who answered: `vscode-user:NAME` (the VS Code user), never the requesting agent. */
  approver: string;
  /** ISO 8601. */
  answeredAt: string;
  via: ApprovalVia;
  /** Set when the answer also approves the same fingerprint for the rest of the session. */
  forSession?: boolean;
}

/** `railguard/judge`: decide one action (an `ask` waits for approval). */
export const JUDGE_METHOD = 'railguard/judge';

/** Parameters of {@link JUDGE_METHOD} and {@link RUN_COMMAND_METHOD}. */
export interface JudgeParams {
  kind: 'shell' | 'sql' | 'task' | 'tool';
  text: string;
  cwd?: string;
  /** `agent:NAME` or `human:NAME`; the server's `$USER` human when absent. */
  actor?: string;
  source: 'task' | 'lm-tool' | 'terminal' | 'editor';
  /** Environment variables of the action (connection hints only are used). */
  env?: Record<string, string>;
}

/** Result of {@link JUDGE_METHOD}: the final effect (after any approval) and why. */
export interface JudgeResult {
  effect: Effect;
  decidedEffect: Effect;
  environment: string;
  reason: string;
  matched: string[];
  approval?: { id: string; status: string };
}

/** `railguard/runCommand`: judge a shell command, run it only when allowed, return masked output. */
export const RUN_COMMAND_METHOD = 'railguard/runCommand';

/** Result of {@link RUN_COMMAND_METHOD}. `output` is stdout+stderr, masked, at most 64 KiB. */
export interface RunCommandResult {
  judgement: JudgeResult;
  ran: boolean;
  exitCode?: number | null;
  output?: string;
  /** True when the output was cut at the limit or the command was killed at the timeout. */
  truncated?: boolean;
  timedOut?: boolean;
}

/** `railguard/observedCommand`: a command seen in a terminal (observation only, not a decision). */
export const OBSERVED_COMMAND_METHOD = 'railguard/observedCommand';

/** Parameters of {@link OBSERVED_COMMAND_METHOD}. */
export interface ObservedCommand {
  /** The command line as shell integration reported it, masked by the client's sync masker. */
  commandLine: string;
  /** Shell integration's confidence in the command line (`low`/`medium`/`high`). */
  confidence: 'low' | 'medium' | 'high';
  terminal: string;
  cwd?: string;
  /** ISO 8601; `endedAt`/`exitCode` only on the end event. */
  startedAt: string;
  endedAt?: string;
  exitCode?: number;
  phase: 'start' | 'end';
  /**
   * Always true: observed after the fact, never asked or blocked (the server's audit record of a
   * start is judged after the fact and marked `outcome.observed`).
   */
  observationOnly: true;
}
