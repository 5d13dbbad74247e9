/** Reading `railguard/judge` parameters into daemon requests and daemon answers into results. */
import { parseActor } from '../core/policy/actor';
import type { Actor } from '../core/types';
import { pickHintEnv } from '../daemon/engine';
import type { DecideRequest } from '../daemon/protocol';
import type { JudgeParams, JudgeResult } from './approval-protocol';

const KINDS = new Set(['shell', 'sql', 'task', 'tool']);
const SOURCES = new Set(['task', 'lm-tool', 'terminal', 'editor']);

/** Narrows the untrusted params of `railguard/judge`. @throws Error naming the bad field. */
export function readJudgeParams(raw: unknown): JudgeParams {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (typeof o.text !== 'string' || o.text.trim() === '')
    throw new Error('"text" must be a non-empty string');
  const kind = o.kind ?? 'shell';
  if (typeof kind !== 'string' || !KINDS.has(kind))
    throw new Error('"kind" must be shell, sql, task or tool');
  const source = o.source ?? 'editor';
  if (typeof source !== 'string' || !SOURCES.has(source)) throw new Error('"source" is not known');
  const env: Record<string, string> = {};
  if (typeof o.env === 'object' && o.env !== null)
    for (const [k, v] of Object.entries(o.env)) if (typeof v === 'string') env[k] = v;
  return {
    kind: kind as JudgeParams['kind'],
    text: o.text,
    source: source as JudgeParams['source'],
    env,
    ...(typeof o.cwd === 'string' && o.cwd ? { cwd: o.cwd } : {}),
    ...(typeof o.actor === 'string' && o.actor ? { actor: o.actor } : {}),
  };
}

/** The daemon request for judge params; the actor defaults to the OS user (a human). */
export function decideRequestOf(p: JudgeParams, user: string): DecideRequest {
  const actor: Actor = (p.actor ? parseActor(p.actor) : undefined) ?? { type: 'human', name: user };
  return {
    action: { kind: p.kind, text: p.text, ...(p.cwd ? { cwd: p.cwd } : {}) },
    actor,
    env: pickHintEnv(p.env ?? {}),
    hints: {},
    source: p.source,
  };
}

/** The decision JSON (`decisionJson` plus `approval`) as a {@link JudgeResult}; no effect ⇒ `deny`. */
export function judgeResultOf(json: Record<string, unknown>, matched: string[]): JudgeResult {
  const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
  const effect = str(json.effect, 'deny') as JudgeResult['effect'];
  const approval = json.approval as JudgeResult['approval'] | undefined;
  return {
    effect,
    decidedEffect: str(json.decidedEffect, effect) as JudgeResult['effect'],
    environment: str(json.environment, 'unknown'),
    reason: str(json.reason, ''),
    matched,
    ...(approval ? { approval } : {}),
  };
}
