import type { Detection } from './model';

/**
 * secretlint (https://github.com/secretlint/secretlint, MIT) with its recommended preset, as an
 * async scanner. secretlint's `lintSource` returns a Promise and the packages are ESM-only, so
 * they are loaded once with dynamic `import()` (the CLI bundle keeps `@secretlint/*` external).
 */

/** Scans a text with secretlint's recommended preset; resolves to secret spans. Never rejects. */
export type SecretScanner = (text: string) => Promise<Detection[]>;

const RULE_PREFIX = '@secretlint/secretlint-rule-';

/** The private fields of secretlint's profiler singleton that grow with every lint. */
interface ProfilerInternals {
  entries?: unknown;
  measures?: unknown;
  waifForExecutionPromises?: unknown;
}

/**
 * secretlint 12's core marks ~60 `perf_hooks` entries per `lintSource` into a process-wide
 * profiler that keeps them forever and scans them linearly for each new mark: after about a
 * thousand lints in one process every lint costs seconds (quadratic), and memory grows without
 * bound. There is no option to switch it off, so after each lint the profiler's buffers are
 * emptied (its pending `performance.measure` promises are awaited first, so none rejects
 * unhandled). Node's own user-timing buffer still grows by the marks themselves.
 */
async function trimProfiler(profiler: unknown): Promise<void> {
  const p = profiler as ProfilerInternals;
  if (typeof p.waifForExecutionPromises === 'function') {
    await (p.waifForExecutionPromises as () => Promise<unknown>)().catch(() => undefined);
  }
  if (Array.isArray(p.entries)) p.entries.length = 0;
  if (Array.isArray(p.measures)) p.measures.length = 0;
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
      await trimProfiler(secretLintProfiler);
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
