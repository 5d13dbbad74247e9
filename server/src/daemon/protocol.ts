import type { ContextHints } from '../core/policy/model';
import { parseActor } from '../core/policy/actor';
import type { BlastRadius } from './blast-radius';
import type { ActionKind, ActionSource, Actor, Dialect, FileOperation } from '../core/types';

/**
 * The wire format of `POST /v1/decide` (JSON, UTF-8):
 * ```
 * { "action": { "kind": "shell"|"sql"|"task"|"tool", "text": "...", "cwd"?: "/abs", "dialect"?: "mysql" },
 *   "actor"?: "agent:claude-code" | { "type": "agent", "name": "...", "sessionId"?: "...", "onBehalfOf"?: "..." },
 *   "env"?: { "DATABASE_URL": "...", ... },          // the caller's environment variables (hints)
 *   "hints"?: { "environment"?, "gitBranch"?, "kubeContext"?, "awsProfile"?, "hosts"?: [] },
 *   "source"?: "terminal"|"agent-hook"|...,  "timeoutMs"?: 120000,
 *   "blastRadius"?: { "text": "updates ~5,000 of 5,000 rows of …", "overLimit"?: 1000 } }
 * ```
 * `blastRadius` is the gateway's estimate (see `blast-radius.ts`): it goes into the reason and,
 * over the limit, makes an allowed statement an `ask` (it can only tighten a decision).
 * The answer is `decisionJson` of the judgement (see `runtime/decision-json.ts`) plus `approval` for `ask`
 * decisions: `{ id, status: approved|rejected|expired|unavailable }`. After an approval `effect`
 * is `allow` (approved) or `deny` (rejected/expired) and `decidedEffect` stays `ask`.
 */
export interface DecideRequest {
  action: {
    kind: ActionKind;
    text: string;
    cwd?: string;
    dialect?: Dialect;
    /** For `kind: 'file'`: the file and what the tool does to it. */
    file?: string;
    operation?: FileOperation;
  };
  actor?: Actor;
  env: Record<string, string>;
  hints: Omit<ContextHints, 'env' | 'actor'>;
  source: ActionSource;
  /** How long an `ask` may wait for approval, ms (capped by the daemon's own expiry). */
  timeoutMs?: number;
  /** The gateway's estimate of what the statement changes (see `blast-radius.ts`). */
  blastRadius?: BlastRadius;
}

/** A request the daemon cannot read; answered with HTTP 400 and the message. */
export class BadRequestError extends Error {}

const KINDS: readonly ActionKind[] = ['shell', 'sql', 'task', 'tool', 'file'];
const OPERATIONS: readonly FileOperation[] = ['read', 'write', 'edit', 'delete', 'patch'];
const SOURCES: readonly ActionSource[] = [
  'cli',
  'terminal',
  'task',
  'agent-hook',
  'lm-tool',
  'mcp',
  'proxy',
  'editor',
];
/** Longest action text accepted (characters): bigger inputs are refused, not truncated. */
export const MAX_TEXT = 1_000_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function optString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new BadRequestError(`"${key}" must be a string`);
  return v;
}

/** Reads an actor given as `agent:NAME` text or as an object; undefined when absent. */
export function readActor(v: unknown): Actor | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const a = parseActor(v);
    if (!a) throw new BadRequestError(`"actor" must look like agent:NAME or human:NAME`);
    return a;
  }
  if (!isObject(v)) throw new BadRequestError('"actor" must be a string or an object');
  const type = v.type;
  const name = optString(v, 'name');
  if ((type !== 'agent' && type !== 'human') || !name)
    throw new BadRequestError('"actor" needs type agent|human and a name');
  const sessionId = optString(v, 'sessionId');
  const onBehalfOf = optString(v, 'onBehalfOf');
  return { type, name, ...(sessionId ? { sessionId } : {}), ...(onBehalfOf ? { onBehalfOf } : {}) };
}

function readEnv(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new BadRequestError('"env" must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw new BadRequestError(`"env.${k}" must be a string`);
    out[k] = x;
  }
  return out;
}

/**
 * Validates a parsed JSON body as a {@link DecideRequest}.
 * @throws BadRequestError naming the first bad field.
 */
export function parseDecideRequest(body: unknown): DecideRequest {
  if (!isObject(body)) throw new BadRequestError('expected a JSON object');
  const a = body.action;
  if (!isObject(a)) throw new BadRequestError('"action" must be an object');
  if (typeof a.text !== 'string') throw new BadRequestError('"action.text" must be a string');
  if (a.text.length > MAX_TEXT)
    throw new BadRequestError(`"action.text" is longer than ${MAX_TEXT} characters`);
  const kind = a.kind ?? 'shell';
  if (!KINDS.includes(kind as ActionKind))
    throw new BadRequestError(`"action.kind" must be one of ${KINDS.join(', ')}`);
  const cwd = optString(a, 'cwd');
  const dialect = optString(a, 'dialect') as Dialect | undefined;
  const file = optString(a, 'file');
  const operation = optString(a, 'operation');
  if (operation !== undefined && !OPERATIONS.includes(operation as FileOperation))
    throw new BadRequestError(`"action.operation" must be one of ${OPERATIONS.join(', ')}`);
  if (kind === 'file' && !file) throw new BadRequestError('"action.file" is required for kind file');
  const source = body.source ?? 'cli';
  if (!SOURCES.includes(source as ActionSource))
    throw new BadRequestError(`"source" must be one of ${SOURCES.join(', ')}`);
  const h = body.hints ?? {};
  if (!isObject(h)) throw new BadRequestError('"hints" must be an object');
  const hosts = h.hosts;
  if (hosts !== undefined && (!Array.isArray(hosts) || hosts.some((x) => typeof x !== 'string'))) {
    throw new BadRequestError('"hints.hosts" must be an array of strings');
  }
  const environment = optString(h, 'environment');
  const gitBranch = optString(h, 'gitBranch');
  const kubeContext = optString(h, 'kubeContext');
  const awsProfile = optString(h, 'awsProfile');
  const timeoutMs = body.timeoutMs;
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0)
  ) {
    throw new BadRequestError('"timeoutMs" must be a non-negative number');
  }
  const actor = readActor(body.actor);
  const blastRadius = readBlastRadius(body.blastRadius);
  return {
    action: {
      kind: kind as ActionKind,
      text: a.text,
      ...(cwd ? { cwd } : {}),
      ...(dialect ? { dialect } : {}),
      ...(file ? { file } : {}),
      ...(operation ? { operation: operation as FileOperation } : {}),
    },
    ...(actor ? { actor } : {}),
    env: readEnv(body.env),
    hints: {
      ...(environment ? { explicitEnvironment: environment } : {}),
      ...(gitBranch ? { gitBranch } : {}),
      ...(kubeContext ? { kubeContext } : {}),
      ...(awsProfile ? { awsProfile } : {}),
      ...(hosts ? { hosts: hosts as string[] } : {}),
    },
    source: source as ActionSource,
    ...(typeof timeoutMs === 'number' ? { timeoutMs } : {}),
    ...(blastRadius ? { blastRadius } : {}),
  };
}

/** Reads `blastRadius`: `{ text, overLimit? }`. @throws BadRequestError */
function readBlastRadius(v: unknown): BlastRadius | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v) || typeof v.text !== 'string' || v.text.length > 4096)
    throw new BadRequestError(
      '"blastRadius" must be { text, overLimit? } with a text of at most 4096 characters',
    );
  const over = v.overLimit;
  if (over !== undefined && !(typeof over === 'number' && Number.isInteger(over) && over >= 0))
    throw new BadRequestError('"blastRadius.overLimit" must be a row count');
  return { text: v.text, ...(typeof over === 'number' ? { overLimit: over } : {}) };
}

/**
 * The shell clients' compact request body (`text/plain`, built with shell builtins):
 * `key=value` lines (`cwd`, `actor`, `env.NAME`; unknown keys and lines without `=` are ignored),
 * an empty line, then the payload verbatim (a trailing newline is dropped).
 */
export interface MetaBody {
  cwd?: string;
  /** The `actor` line's text (`agent:NAME`, `human:NAME`), unparsed. */
  actorText?: string;
  /** `env.NAME=value` lines with a non-empty value. */
  env: Record<string, string>;
  payload: string;
}

/**
 * Splits a {@link MetaBody}.
 * @throws BadRequestError when the key=value block is not terminated by an empty line.
 */
export function parseMetaBody(body: string): MetaBody {
  const end = body.indexOf('\n\n');
  if (end < 0) throw new BadRequestError('expected key=value lines, an empty line, then the payload');
  const out: MetaBody = { env: {}, payload: body.slice(end + 2).replace(/\n$/, '') };
  for (const line of body.slice(0, end).split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1);
    if (k === 'cwd') out.cwd = v;
    else if (k === 'actor') out.actorText = v || undefined;
    else if (k.startsWith('env.') && v !== '') out.env[k.slice(4)] = v;
  }
  return out;
}

/**
 * The shell hooks' request (`POST /v1/shell`): a {@link MetaBody} whose payload is the command
 * line.
 * @throws BadRequestError when the header block is not terminated or the command is too long.
 */
export function parseShellRequest(body: string): DecideRequest {
  const { cwd, actorText, env, payload: text } = parseMetaBody(body);
  if (text.length > MAX_TEXT) throw new BadRequestError(`the command is longer than ${MAX_TEXT} characters`);
  const actor = actorText ? readActor(actorText) : undefined;
  return {
    action: { kind: 'shell', text, ...(cwd ? { cwd } : {}) },
    ...(actor ? { actor } : {}),
    env,
    hints: {},
    source: 'terminal',
  };
}

/** `POST /v1/executed`: how an action the daemon decided on ended. */
export interface ExecutedReport {
  /** The `decisionId` of the decision answer. */
  decisionId: string;
  /** Process exit code when known (non-zero ⇒ lineage FAIL). */
  exitCode?: number;
  /** When it ended (default: when the report arrives). */
  endedAt: Date;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates `{ decisionId, exitCode?, endedAt? }` (`endedAt` an ISO 8601 / RFC 3339 time).
 * @throws BadRequestError naming the first bad field.
 */
export function parseExecutedReport(body: unknown, now: Date = new Date()): ExecutedReport {
  if (!isObject(body)) throw new BadRequestError('expected a JSON object');
  const id = body.decisionId;
  if (typeof id !== 'string' || !UUID_RE.test(id)) throw new BadRequestError('"decisionId" must be a UUID');
  const exit = body.exitCode;
  if (exit !== undefined && exit !== null && !(typeof exit === 'number' && Number.isInteger(exit)))
    throw new BadRequestError('"exitCode" must be an integer');
  const ended = optString(body, 'endedAt');
  const endedAt = ended === undefined ? now : new Date(ended);
  if (Number.isNaN(endedAt.getTime())) throw new BadRequestError('"endedAt" must be an ISO 8601 time');
  return { decisionId: id.toLowerCase(), ...(typeof exit === 'number' ? { exitCode: exit } : {}), endedAt };
}
