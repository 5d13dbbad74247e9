import type { Detection } from './model';

/**
 * secretlint (https://github.com/secretlint/secretlint, MIT) with its recommended preset, as an
 * async scanner. secretlint's `lintSource` returns a Promise and the packages are ESM-only, so
 * they are loaded once with dynamic `import()` (the CLI bundle keeps `@secretlint/*` external).
 */

/** Scans a text with secretlint's recommended preset; resolves to secret spans. Never rejects. */
export type SecretScanner = (text: string) => Promise<Detection[]>;

const RULE_PREFIX = '@secretlint/secretlint-rule-';

/**
 * Loads secretlint and returns a scanner. Preset options: the AWS rule also scans access key
 * ids (`enableIDScanRule`), and the `filter-comments` rule is disabled so a
 * `secretlint-disable` comment inside a command cannot switch masking off.
 * @throws Error when the secretlint packages cannot be imported (broken install).
 */
export async function loadSecretlint(): Promise<SecretScanner> {
  const core = await import('@secretlint/core');
  const preset = await import('@secretlint/secretlint-rule-preset-recommend');
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
