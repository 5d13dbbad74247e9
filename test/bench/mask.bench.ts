/**
 * Masking throughput (issue 10: ≥ 50,000 ordinary texts/s, secretlint only on candidates):
 * texts/s through the production masker (`createMasker`: secretlint prefilter + secretlint +
 * credential and PII recognizers) for
 * - ordinary texts: the shared corpus's shell commands (`/work/shared/corpus/shell/all.cm`, when
 *   present) and the labeled agent actions of `test/eval/agent-actions.tsv`;
 * - secret-bearing texts: the generated real-format secrets of `test/unit/mask/fixtures.ts`.
 * Each figure is the median of 5 passes, wall clock and per CPU second (`process.cpuUsage`, so
 * a figure from a shared machine still means something). `maskedSha256` digests every masked
 * ordinary text: equal digests from two builds (e.g. this branch and main, run on the same
 * corpus) show that the masked output did not change. Run alone:
 * `node --import tsx test/bench/mask.bench.ts`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMasker, type Masker } from '../../server/src/core/mask';
import { secretCandidate } from '../../server/src/core/mask/masker';
import { loadActions } from '../eval/load';
import { secretFixtures } from '../unit/mask/fixtures';

const CORPUS = path.join(__dirname, '../../../shared/corpus/shell/all.cm');

/** The ordinary texts: the shared shell corpus (when present) and the eval's agent actions. */
export function ordinaryTexts(): string[] {
  const corpus = fs.existsSync(CORPUS) ? fs.readFileSync(CORPUS, 'utf8').split('\n').filter(Boolean) : [];
  return [...corpus, ...loadActions().map((a) => a.text)];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Median texts/s (wall and per CPU second) of `passes` passes over `texts`. */
async function rate(
  masker: Masker,
  texts: readonly string[],
  passes = 5,
): Promise<{ texts: number; perSecond: number; perCpuSecond: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let p = 0; p < passes; p++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const t of texts) await masker.mask(t);
    const secs = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    wall.push(texts.length / secs);
    cpu.push(texts.length / ((c.user + c.system) / 1e6));
  }
  return { texts: texts.length, perSecond: Math.round(median(wall)), perCpuSecond: Math.round(median(cpu)) };
}

/** The benchmark; resolves to the figures. */
export async function run(): Promise<Record<string, unknown>> {
  const masker = await createMasker();
  const ordinary = ordinaryTexts();
  const secrets = Array.from({ length: 20 }, () => secretFixtures().map((f) => f.text)).flat();
  await rate(masker, ordinary.slice(0, 2000), 1); // warm-up (JIT)
  const digest = createHash('sha256');
  let masked = 0;
  for (const t of ordinary) {
    const r = await masker.mask(t);
    if (r.found.length > 0) masked++;
    digest.update(r.text).update('\0');
  }
  return {
    ordinary: {
      ...(await rate(masker, ordinary)),
      secretlintCandidates: ordinary.filter(secretCandidate).length,
      textsWithSomethingMasked: masked,
      maskedSha256: digest.digest('hex'),
      target: '>= 50000 texts/s (issue 10)',
    },
    secretBearing: {
      ...(await rate(masker, secrets)),
      secretlintCandidates: secrets.filter(secretCandidate).length,
    },
  };
}

if (require.main === module) {
  run().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
