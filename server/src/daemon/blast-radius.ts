/**
 * The gateway's blast radius in a decision (issue 13): the PostgreSQL gateway estimates, before a
 * statement runs, how many rows it changes and which locks it takes (`gateway/side.ts`), and hands
 * the estimate to whoever decides: the reason then carries it (so the audit record and the
 * approval prompt show it), and an estimate over the gateway's limit makes an allowed statement an
 * `ask` of the rule {@link ASK_OVER_ROWS}. Pure; shared by the daemon (`server.ts`) and the
 * gateway's in-process decider (`gateway/decider.ts`), so both word and decide it the same way.
 *
 * A caller can only tighten a decision with it: a `deny` stays a `deny`, an `ask` stays an `ask`.
 */
import type { Judgement } from '../core/judge';
import type { Effect } from '../core/types';

/** The gateway's rule id, `policy/rule`, for a write or lock over its row limit. */
export const ASK_OVER_ROWS = 'gateway/ask-over-rows';

/** A blast-radius estimate as the gateway sends it. */
export interface BlastRadius {
  /**
   * One phrase per estimated statement, joined with `; `, e.g. "updates ~5,000 of 5,000 rows of
   * public.accounts (1.2 MB)" or "takes SHARE on public.accounts (~5,000 rows, 1.2 MB)".
   */
  text: string;
  /** Set when the estimate exceeds the gateway's `--ask-over-rows` limit: that limit, in rows. */
  overLimit?: number;
}

/** The reason of a decision the estimate turned into an ask. */
export function overLimitReason(r: BlastRadius & { overLimit: number }): string {
  return `${r.text}: over the gateway's limit of ${r.overLimit} rows`;
}

/** Whether `effect` lets a statement run without asking (`allow`, `warn`). */
const runsUnasked = (effect: Effect): boolean => effect === 'allow' || effect === 'warn';

/**
 * The decision with the estimate: over the limit, an `allow`/`warn` becomes an `ask` by
 * {@link ASK_OVER_ROWS} (in audit mode only `decidedEffect`: audit mode never blocks); otherwise
 * the estimate is appended to the reason. Returns `j` itself when `radius` is undefined.
 */
export function withBlastRadius(j: Judgement, radius: BlastRadius | undefined): Judgement {
  if (!radius) return j;
  const d = j.decision;
  if (radius.overLimit !== undefined && runsUnasked(d.decidedEffect)) {
    const [policy = 'gateway', rule = 'ask-over-rows'] = ASK_OVER_ROWS.split('/');
    return {
      ...j,
      decision: {
        ...d,
        effect: d.mode === 'audit' ? d.effect : 'ask',
        decidedEffect: 'ask',
        reason: overLimitReason({ ...radius, overLimit: radius.overLimit }),
        matched: [{ policy, rule, effect: 'ask', origin: 'builtin' }, ...d.matched],
      },
    };
  }
  return { ...j, decision: { ...d, reason: `${d.reason}; ${radius.text}` } };
}
