import type { Decision } from '../../../server/src/core/policy/model';
import type { Actor, Effect } from '../../../server/src/core/types';

/** A decision as the evaluator returns it, for lineage tests. */
export function decisionOf(effect: Effect, actor: Actor, environment = 'production'): Decision {
  return {
    effect,
    decidedEffect: effect,
    mode: 'enforce',
    findings: [],
    matched: [],
    controls: [],
    reason: 'test',
    environment,
    environmentReason: 'explicit',
    actor,
    actorReason: 'explicit',
    policySetHash: 'a'.repeat(64),
  } as Decision;
}
