/**
 * The editor's read-only view of the audit log (`server/src/audit`): the latest events of a log
 * folder, newest first, and their one-line labels. No `vscode` import, so it is unit-tested in
 * node (`test/unit/extension-audit/`).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventRecord } from '../../../server/src/audit/model';
import { queryAudit, type AuditFilter } from '../../../server/src/audit/query';

/**
 * The audit folder: the `railguard.auditDir` setting when not empty, else `$RAILGUARD_HOME/audit`,
 * else `~/.railguard/audit` (the default of `railguard audit` and `railguard daemon`, see
 * `server/src/cli/audit.ts`).
 */
export function auditDirOf(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (setting && setting.trim()) return path.resolve(setting.trim());
  return railguardHome(env, 'audit');
}

/** `$RAILGUARD_HOME/<sub>`, else `~/.railguard/<sub>`. */
export function railguardHome(env: NodeJS.ProcessEnv, sub: string): string {
  const home = env['RAILGUARD_HOME'];
  return home ? path.join(home, sub) : path.join(os.homedir(), '.railguard', sub);
}

/**
 * The last `limit` events of the log in `dir` that match `filter`, newest first (highest `seq`
 * first). Memory is bounded by `limit` (a ring over the streamed log). A missing folder yields
 * no events. Unreadable lines are skipped here; `verifyAudit` reports them.
 * @throws Error when a segment exists but cannot be read, or a time bound is unreadable.
 */
export async function latestEvents(
  dir: string,
  limit: number,
  filter: AuditFilter = {},
): Promise<EventRecord[]> {
  const max = Math.max(1, Math.floor(limit));
  const ring: EventRecord[] = [];
  for await (const r of queryAudit(dir, { ...filter, allTypes: false })) {
    if (r.type !== 'event') continue;
    ring.push(r);
    if (ring.length > max) ring.shift();
  }
  return ring.reverse();
}

/** The actor of an event as a person reads it: `agent-name (for user)` or the user. */
export function actorOf(r: EventRecord): string {
  const agent = r.identity.agent?.name;
  return agent ? `${agent} (for ${r.identity.user})` : r.identity.user;
}

/** Codicon per effect (`allow` ⇒ pass, `warn` ⇒ warning, `ask` ⇒ question, `deny` ⇒ error). */
export const EFFECT_ICON: Readonly<Record<string, string>> = {
  allow: 'pass',
  warn: 'warning',
  ask: 'question',
  deny: 'error',
};

/** The text shown for an event: its masked text on one line, at most `max` characters. */
export function eventLabel(r: EventRecord, max = 120): string {
  const one = r.what.text.replace(/\s+/g, ' ').trim() || `(${r.what.kind})`;
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * The codicon of an observation (`outcome.observed`: a command seen running in a terminal, not a
 * decision), as in the Approvals view's observed list.
 */
export const OBSERVED_ICON = 'eye';

/** The effect as the description shows it: `effect[/approval]`, `observed (policy: effect)`. */
function effectText(r: EventRecord): string {
  const effect = r.outcome.approval ? `${r.outcome.effect}/${r.outcome.approval}` : r.outcome.effect;
  return r.outcome.observed ? `observed (policy: ${effect})` : effect;
}

/**
 * The description beside the label: `time · effect[/approval] · [exit N ·] actor · environment`;
 * an observation reads `observed (policy: effect)` in place of the effect.
 */
export function eventDescription(r: EventRecord): string {
  return [
    r.time,
    effectText(r),
    ...(r.outcome.exitCode !== undefined ? [`exit ${r.outcome.exitCode}`] : []),
    actorOf(r),
    r.where.environment ?? 'no environment',
  ].join(' · ');
}

/** The tooltip: every AU-3 field worth reading, plus rules, controls, decision id and hash prefix. */
export function eventTooltip(r: EventRecord): string {
  const lines = [
    r.what.text,
    '',
    ...(r.outcome.observed
      ? [
          'Observed in a terminal (shell integration), after the fact: not asked, not enforced. The effect is what the policy decides for it.',
          '',
        ]
      : []),
    `seq ${r.seq} · ${r.time} · ${r.source} · ${r.what.kind}`,
    `${r.outcome.observed ? 'policy effect (observed)' : 'effect'}: ${r.outcome.effect}${
      r.outcome.approval ? ` (${r.outcome.approval})` : ''
    }${r.outcome.exitCode !== undefined ? ` · exit ${r.outcome.exitCode}` : ''}${
      r.outcome.mode ? ` · mode ${r.outcome.mode}` : ''
    }`,
    `actor: ${actorOf(r)}${r.identity.approver ? ` · approver ${r.identity.approver}` : ''}`,
    `where: ${r.where.host}${r.where.environment ? ` · ${r.where.environment}` : ''}${
      r.where.target ? ` · ${r.where.target}` : ''
    }`,
    `rules: ${r.rules.length ? r.rules.join(', ') : '(none)'}`,
    `controls: ${r.controls.length ? r.controls.join(', ') : '(none)'}`,
    ...(r.what.tables?.length ? [`tables: ${r.what.tables.join(', ')}`] : []),
    `decision: ${r.decisionId}`,
    `hash: ${r.hash.slice(0, 12)}…`,
  ];
  return lines.join('\n');
}

/** Distinct tables of the events, most recent first (for the lineage dataset pick). */
export function recentTables(events: readonly EventRecord[]): string[] {
  const seen = new Set<string>();
  for (const r of events) for (const t of r.what.tables ?? []) seen.add(t);
  return [...seen];
}
