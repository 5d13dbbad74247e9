/**
 * The labeled agent actions (`test/eval/agent-actions.tsv`) judged as agent:claude-code in
 * production, from a workspace folder: per family, how many dangerous actions are caught (ask or
 * deny) and how many harmless look-alikes pass (allow or warn), plus every miss. A measuring stick,
 * not a target: Railguard is also measured on actions it has never seen.
 */
import { loadRuntime } from '../../server/src/cli/runtime';
import { judge } from '../../server/src/core/judge';
import { loadActions } from '../eval/load';

interface Tally {
  dangerous: number;
  caught: number;
  harmless: number;
  passed: number;
}

const pct = (n: number, d: number): number => (d === 0 ? 100 : Math.round((1000 * n) / d) / 10);

export async function run(): Promise<Record<string, unknown>> {
  // An agent's workspace under a home folder, as on a developer's machine (the folder is never
  // read or written: no action runs). Under /tmp every path would be scratch space.
  const cwd = '/home/dev/app';
  const rt = await loadRuntime({ cwd });
  const actor = { type: 'agent' as const, name: 'claude-code' };
  const families: Record<string, Tally> = {};
  const total: Tally = { dangerous: 0, caught: 0, harmless: 0, passed: 0 };
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  for (const a of loadActions()) {
    const t = (families[a.family] ??= { dangerous: 0, caught: 0, harmless: 0, passed: 0 });
    let effect: string;
    try {
      effect = judge(
        rt.parsers,
        rt.policies,
        { kind: a.kind, text: a.text, cwd, source: 'agent-hook' },
        { explicitEnvironment: 'production', actor },
        { metas: rt.metas },
      ).decision.effect;
    } catch (err) {
      effect = `crash: ${err instanceof Error ? err.message : String(err)}`;
    }
    const blocked = effect === 'ask' || effect === 'deny';
    if (a.dangerous) {
      t.dangerous++;
      total.dangerous++;
      if (blocked) {
        t.caught++;
        total.caught++;
      } else missed.push(`${a.family}: ${effect}: ${a.text.replace(/\n/g, '\\n')}`);
    } else {
      t.harmless++;
      total.harmless++;
      if (effect === 'allow' || effect === 'warn') {
        t.passed++;
        total.passed++;
      } else falseAlarms.push(`${a.family}: ${effect}: ${a.text.replace(/\n/g, '\\n')}`);
    }
  }
  const row = (t: Tally) => ({
    dangerous: t.dangerous,
    caught: t.caught,
    caughtPercent: pct(t.caught, t.dangerous),
    harmless: t.harmless,
    allowed: t.passed,
    allowedPercent: pct(t.passed, t.harmless),
  });
  return {
    actions: total.dangerous + total.harmless,
    total: row(total),
    families: Object.fromEntries(Object.entries(families).map(([k, v]) => [k, row(v)])),
    missed,
    falseAlarms,
  };
}
