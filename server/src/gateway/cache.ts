/**
 * The gateway's decision cache: verdicts by session context (actor and database), then by exact
 * statement text, and by shape for literal-insensitive statements (`shape.ts`). A policy change
 * empties it (`check`), and it is bounded overall, oldest entry first.
 */
import type { GatewayVerdict } from './gateway';

/** Cached verdicts of one context (actor and database): by exact text, and by shape (`shape.ts`). */
export interface ContextVerdicts {
  exact: Map<string, GatewayVerdict>;
  shape: Map<string, GatewayVerdict>;
}

/**
 * Verdicts by context, then by text or shape, so a lookup hashes only the statement text. Bounded
 * overall (the oldest entry is dropped first) and emptied when the policy version changes; a
 * session keeps its context's maps for its whole life.
 */
export class DecisionCache {
  private contexts = new Map<string, ContextVerdicts>();
  /** Every entry in insertion order: composite key ⇒ its map and key there. */
  private order = new Map<string, [Map<string, GatewayVerdict>, string]>();
  private version = '';
  constructor(private readonly max: number) {}

  /** The verdict maps of `context`, made on first use. */
  context(context: string): ContextVerdicts {
    let c = this.contexts.get(context);
    if (!c) this.contexts.set(context, (c = { exact: new Map(), shape: new Map() }));
    return c;
  }

  /** Empties every map when `version` (the policy's) is not the one the entries were decided under. */
  check(version: string): void {
    if (version === this.version) return;
    for (const c of this.contexts.values()) {
      c.exact.clear();
      c.shape.clear();
    }
    this.order.clear();
    this.version = version;
  }

  /** Stores `v` under `key` in `context`'s `kind` map, dropping the oldest entry when full. */
  set(context: string, kind: keyof ContextVerdicts, key: string, v: GatewayVerdict): void {
    const map = this.context(context)[kind];
    const id = `${context}\0${kind}\0${key}`;
    if (!this.order.has(id) && this.order.size >= this.max) {
      const oldest = this.order.entries().next().value;
      if (oldest) {
        this.order.delete(oldest[0]);
        oldest[1][0].delete(oldest[1][1]);
      }
    }
    this.order.set(id, [map, key]);
    map.set(key, v);
  }
}
