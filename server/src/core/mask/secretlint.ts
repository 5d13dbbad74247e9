import type { Detection } from './model';

/**
 * secretlint (https://github.com/secretlint/secretlint, MIT) with its recommended preset, as an
 * async scanner. secretlint's `lintSource` returns a Promise and the packages are ESM-only, so
 * they are loaded once with dynamic `import()` (the CLI bundle keeps `@secretlint/*` external).
 */

/** Scans a text with secretlint's recommended preset; resolves to secret spans. Never rejects. */
export type SecretScanner = (text: string) => Promise<Detection[]>;

const RULE_PREFIX = '@secretlint/secretlint-rule-';

/** An array that keeps nothing (its `find` therefore scans nothing). */
class DiscardingArray<T> extends Array<T> {
  override push(): number {
    return 0;
  }
}

/** Keeps no promise, but handles each one so a failing `performance.measure` never goes unhandled. */
class HandledPromiseSink extends Array<Promise<unknown>> {
  override push(...promises: Promise<unknown>[]): number {
    for (const p of promises) p.catch(() => undefined);
    return 0;
  }
}

/**
 * secretlint 12's core marks ~60 `perf_hooks` entries per `lintSource` into a process-wide
 * profiler whose PerformanceObserver keeps every entry forever and scans them linearly for each
 * new one: after a few thousand lints in one process a single observer callback takes minutes
 * (quadratic) and memory grows without bound. There is no option to switch it off, so its
 * buffers are replaced by sinks that keep nothing (once, at load), and the user-timing marks and
 * measures it leaves in `performance` are cleared after each lint (only secretlint's, by name).
 */
function silenceProfiler(profiler: unknown): void {
  const p = profiler as Record<string, unknown>;
  if (Array.isArray(p['entries'])) p['entries'] = new DiscardingArray();
  if (Array.isArray(p['measures'])) p['measures'] = new DiscardingArray();
  if (Array.isArray(p['executionPromises'])) p['executionPromises'] = new HandledPromiseSink();
}

/** Clears the `performance` marks and measures secretlint's profiler created. */
function clearSecretlintTimings(): void {
  const names = new Set<string>();
  for (const e of performance.getEntriesByType('mark')) if (e.name.startsWith('@core>')) names.add(e.name);
  for (const name of names) performance.clearMarks(name);
  const measures = new Set<string>();
  for (const e of performance.getEntriesByType('measure'))
    if (e.name.startsWith('@core>')) measures.add(e.name);
  for (const name of measures) performance.clearMeasures(name);
}

/**
 * Loads secretlint and returns a scanner. Preset options: the AWS rule also scans access key
 * ids (`enableIDScanRule`), and the `filter-comments` rule is disabled so a
 * `secretlint-disable` comment inside a command cannot switch masking off.
 * @throws Error when the secretlint packages cannot be imported (broken install).
 */
export async function loadSecretlint(): Promise<SecretScanner> {
  const core = await import('@secretlint/core');
  const preset = await import('@secretlint/secretlint-rule-preset-recommend');
  // A dependency of @secretlint/core (same module instance), imported only to trim it.
  const { secretLintProfiler } = await import('@secretlint/profiler');
  silenceProfiler(secretLintProfiler);
  // The preset's rules are registered one by one: secretlint ignores `disabled` for rules
  // registered through a preset, so this is the way to leave `filter-comments` out.
  const config = {
    rules: preset.rules
      .filter((rule) => rule.meta.id !== `${RULE_PREFIX}filter-comments`)
      .map((rule) => ({
        id: rule.meta.id,
        rule,
        options: rule.meta.id === `${RULE_PREFIX}aws` ? { enableIDScanRule: true } : {},
      })),
  };
  return async (text) => {
    if (text.length === 0) return [];
    try {
      const result = await core.lintSource({
        source: { content: text, filePath: 'railguard-mask.txt', contentType: 'text' },
        options: { config, noPhysicFilePath: true },
      });
      clearSecretlintTimings();
      return result.messages.map((m) => ({
        kind: m.ruleId.startsWith(RULE_PREFIX) ? m.ruleId.slice(RULE_PREFIX.length) : m.ruleId,
        class: 'secret' as const,
        start: m.range[0],
        end: m.range[1],
      }));
    } catch {
      // A rule crashing on odd input must not leave the text unmasked: mask all of it.
      return [{ kind: 'secretlint-error', class: 'secret', start: 0, end: text.length }];
    }
  };
}
