/**
 * Validation of a policy file's data against `policies/policy.schema.json` (JSON Schema draft-07,
 * ajv in `strict` + `allErrors` mode), with ajv errors turned into positioned diagnostics.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../../policies/policy.schema.json';
import type { PolicyDiagnostic } from './model';
import type { YamlSource } from './yaml-source';

/** The JSON Schema of a policy file, as shipped in `policies/`. */
export const POLICY_SCHEMA: unknown = schema;

/**
 * Compiles the policy schema. Compile once and reuse the function (the policy set loader does);
 * compiling costs a few milliseconds.
 */
export function compilePolicySchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  return ajv.compile(schema);
}

const segments = (pointer: string): (string | number)[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/**
 * Keeps the errors that say something: ajv reports for `oneOf` (string or list) one error per
 * branch plus the `oneOf` itself. Per instance path, `type`/`oneOf` errors are dropped when a more
 * specific error exists at that path or below; the remaining `type` errors merge into one.
 */
function usefulErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === 'propertyNames') continue;
    byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  }
  const out: ErrorObject[] = [];
  for (const [path, group] of byPath) {
    const deeper = errors.some((e) => e.instancePath.startsWith(`${path}/`));
    const structural = ['additionalProperties', 'required', 'minProperties', 'maxProperties', 'pattern'];
    const specific = group.filter((e) =>
      deeper ? structural.includes(e.keyword) : e.keyword !== 'oneOf' && e.keyword !== 'type',
    );
    if (specific.length > 0) out.push(...specific);
    else if (!deeper) {
      const types = [...new Set(group.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)))];
      const first = group[0];
      if (first && types.length > 0) {
        out.push({ ...first, keyword: 'type', message: `must be ${types.join(' or ')}` });
      } else if (first) out.push(first);
    }
  }
  return out;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const seg of path)
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

/** Describes an instance path for messages: `/rules/0/match` ⇒ `rules[0].match`. */
export function describePath(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || 'policy';
}

/** Validates `src.value`; returns diagnostics at the offending key or value. */
export function schemaDiagnostics(
  validate: ValidateFunction,
  src: YamlSource,
  file: string,
): PolicyDiagnostic[] {
  if (validate(src.value)) return [];
  return usefulErrors(validate.errors ?? []).map((e) => {
    const path = segments(e.instancePath);
    const where = describePath(path);
    const base = { file, severity: 'error' as const };
    if (e.propertyName !== undefined) {
      return {
        ...base,
        ...src.locate([...path, e.propertyName], true),
        code: 'schema' as const,
        message: `invalid name '${e.propertyName}' in ${where}: names start with a letter and use letters, digits, '_', '.', '-' (at most 64)`,
      };
    }
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      return {
        ...base,
        ...src.locate([...path, key], true),
        code: 'unknown-key' as const,
        message: `unknown key '${key}' in ${where}`,
      };
    }
    if (e.keyword === 'enum' && path.includes('category')) {
      const allowed = (e.params.allowedValues as unknown[]).join(', ');
      return {
        ...base,
        ...src.locate(path),
        code: 'unknown-category' as const,
        message: `unknown category ${JSON.stringify(valueAt(src.value, path))} at ${where}; expected one of: ${allowed}`,
      };
    }
    let message = `${where} ${e.message ?? 'is invalid'}`;
    if (e.keyword === 'enum' || e.keyword === 'const') {
      const allowed = e.keyword === 'const' ? [e.params.allowedValue] : (e.params.allowedValues as unknown[]);
      message = `${where} must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'required') {
      message = `${where} is missing required key '${String(e.params.missingProperty)}'`;
    } else if (e.keyword === 'pattern' && path.includes('actor')) {
      message = `${where} must be any, agent, human, agent:NAME or human:NAME`;
    }
    return { ...base, ...src.locate(path), code: 'schema' as const, message };
  });
}
