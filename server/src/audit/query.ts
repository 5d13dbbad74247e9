import { readLog } from './files';
import type { AuditRecord, EventRecord } from './model';

/**
 * Filters for {@link queryAudit}. All given filters must match (AND); string matches are
 * case-insensitive and exact, except `table`, which also matches the unqualified name
 * (`users` matches `public.users`).
 */
export interface AuditFilter {
  /** Human user, git identity (`Name <email>`) or its email, approver, or agent name. */
  actor?: string;
  environment?: string;
  effect?: string;
  table?: string;
  /** Inclusive lower bound on `time` (anything `Date.parse` reads). */
  since?: string;
  /** Exclusive upper bound on `time`. */
  until?: string;
  /** Also yield checkpoint and recovery records (default: events only). */
  allTypes?: boolean;
}

/**
 * Parses a time bound.
 * @throws Error `invalid time "…"` when `Date.parse` cannot read it.
 */
function timeBound(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`invalid time "${value}"`);
  return t;
}

const eq = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Whether an event matches the filter (time bounds already parsed). */
function matches(
  r: EventRecord,
  f: AuditFilter,
  since: number | undefined,
  until: number | undefined,
): boolean {
  const actor = f.actor;
  if (actor !== undefined) {
    const id = r.identity;
    const gitEmail = /<([^>]*)>$/.exec(id.gitUser ?? '')?.[1];
    const who = [id.user, id.gitUser, gitEmail, id.agent?.name, id.approver];
    if (!who.some((w) => eq(w, actor))) return false;
  }
  if (f.environment !== undefined && !eq(r.where.environment, f.environment)) return false;
  if (f.effect !== undefined && !eq(r.outcome.effect, f.effect)) return false;
  if (f.table !== undefined) {
    const want = f.table.toLowerCase();
    const hit = (r.what.tables ?? []).some((t) => {
      const name = t.toLowerCase();
      return name === want || name.endsWith(`.${want}`);
    });
    if (!hit) return false;
  }
  const t = Date.parse(r.time);
  if (since !== undefined && !(t >= since)) return false;
  if (until !== undefined && !(t < until)) return false;
  return true;
}

/**
 * Streams the records of `dir` that match `filter`, in log order. Unreadable lines are skipped
 * (`verifyAudit` reports them).
 * @throws Error for an unreadable `since`/`until`, or when a segment cannot be read.
 */
export async function* queryAudit(dir: string, filter: AuditFilter = {}): AsyncGenerator<AuditRecord> {
  const since = timeBound(filter.since);
  const until = timeBound(filter.until);
  for await (const entry of readLog(dir)) {
    const r = entry.record;
    if (!r) continue;
    if (r.type !== 'event') {
      if (filter.allTypes && since === undefined && until === undefined) yield r;
      continue;
    }
    if (matches(r, filter, since, until)) yield r;
  }
}

/** CSV columns of an export, in order. */
export const CSV_COLUMNS = [
  'seq',
  'time',
  'user',
  'gitUser',
  'agent',
  'agentSession',
  'approver',
  'source',
  'kind',
  'host',
  'workspace',
  'environment',
  'target',
  'effect',
  'approval',
  'exitCode',
  'rules',
  'controls',
  'tables',
  'fingerprint',
  'text',
  'decisionId',
  'policySetHash',
  'hash',
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row (CRLF-terminated, RFC 4180) for an event. */
export function csvRow(r: EventRecord): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], string | number | undefined> = {
    seq: r.seq,
    time: r.time,
    user: r.identity.user,
    gitUser: r.identity.gitUser,
    agent: r.identity.agent?.name,
    agentSession: r.identity.agent?.sessionId,
    approver: r.identity.approver,
    source: r.source,
    kind: r.what.kind,
    host: r.where.host,
    workspace: r.where.workspace,
    environment: r.where.environment,
    target: r.where.target,
    effect: r.outcome.effect,
    approval: r.outcome.approval,
    exitCode: r.outcome.exitCode,
    rules: r.rules.join(' '),
    controls: r.controls.join(' '),
    tables: (r.what.tables ?? []).join(' '),
    fingerprint: r.what.fingerprint,
    text: r.what.text,
    decisionId: r.decisionId,
    policySetHash: r.policySetHash,
    hash: r.hash,
  };
  return `${CSV_COLUMNS.map((c) => csvField(cells[c])).join(',')}\r\n`;
}

/**
 * Streams an export of the matching events as text chunks: `json` is a JSON array (one record
 * per line), `csv` is RFC 4180 with a header row.
 * @throws Error as {@link queryAudit}.
 */
export async function* exportAudit(
  dir: string,
  filter: AuditFilter,
  format: 'json' | 'csv',
): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  else yield '[';
  let first = true;
  for await (const r of queryAudit(dir, { ...filter, allTypes: false })) {
    if (r.type !== 'event') continue;
    if (format === 'csv') yield csvRow(r);
    else {
      yield `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
      first = false;
    }
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}
