/**
 * Loading one policy file: size limit ⇒ YAML (positions kept) ⇒ JSON Schema ⇒ semantic lint.
 * Never throws on bad input: every problem becomes a {@link PolicyDiagnostic} at its exact place.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { lintPolicy, type PolicyLintOptions } from './lint';
import type { Policy, PolicyDiagnostic } from './model';
import { normalizePolicy } from './normalize';
import { compilePolicySchema, schemaDiagnostics } from './schema';
import { parseYamlSource } from './yaml-source';

/** Largest policy file accepted, in UTF-16 code units (1 MiB of ASCII); bigger files are refused. */
export const MAX_POLICY_CHARS = 1024 * 1024;

export interface LoadPolicyOptions extends PolicyLintOptions {
  /** A compiled schema to reuse (see `compilePolicySchema`); compiled per call when absent. */
  validate?: ValidateFunction;
}

/**
 * The result of loading: `policy` is set when no diagnostic has severity `error`; `diagnostics`
 * holds every problem (warnings and infos also when the policy loaded), sorted by position.
 */
export interface LoadedPolicyFile {
  policy?: Policy;
  diagnostics: PolicyDiagnostic[];
}

/**
 * Loads a policy from a path (string) or from `{ text, file? }` (an editor buffer). `file`
 * defaults to the path, or `<text>`. A file that cannot be read gives one `read-error` diagnostic.
 */
export function loadPolicyFile(
  source: string | { text: string; file?: string },
  options: LoadPolicyOptions = {},
): LoadedPolicyFile {
  if (typeof source !== 'string') return parsePolicyText(source.text, source.file ?? '<text>', options);
  let text: string;
  try {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit: a bigger file is too large, unread.
    const bytes = statSync(source).size;
    if (bytes > 3 * MAX_POLICY_CHARS) return tooLarge(source, `${bytes} bytes`);
    text = readFileSync(source, 'utf8');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { diagnostics: [{ file: source, ...at, severity: 'error', code: 'read-error', message }] };
  }
  return parsePolicyText(text, source, options);
}

function tooLarge(file: string, size: string): LoadedPolicyFile {
  const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const message = `policy file is ${size}; the limit is ${MAX_POLICY_CHARS} characters`;
  return { diagnostics: [{ file, ...at, severity: 'error', code: 'too-large', message }] };
}

/** Parses policy text (see {@link loadPolicyFile}). Pure. */
export function parsePolicyText(
  text: string,
  file = '<text>',
  options: LoadPolicyOptions = {},
): LoadedPolicyFile {
  if (text.length > MAX_POLICY_CHARS) return tooLarge(file, `${text.length} characters`);
  const src = parseYamlSource(text);
  const yamlDiagnostics: PolicyDiagnostic[] = src.problems.map((p) => ({
    file,
    ...src.range(p.start, p.end),
    severity: p.severity,
    code: p.code,
    message: p.message,
  }));
  if (yamlDiagnostics.length > 0) return { diagnostics: yamlDiagnostics };
  const validate = options.validate ?? compilePolicySchema();
  const schemaProblems = schemaDiagnostics(validate, src, file);
  if (schemaProblems.length > 0) return { diagnostics: sortDiagnostics(schemaProblems) };
  const policy = normalizePolicy(src.value as Record<string, unknown>, src, file);
  const diagnostics = lintPolicy(policy, src, options);
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { policy, diagnostics };
}

/** Sorts diagnostics by file, line, column, then code. */
export function sortDiagnostics(ds: PolicyDiagnostic[]): PolicyDiagnostic[] {
  return ds.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
