import * as fs from 'node:fs';
import * as path from 'node:path';
import { categoryLookup, ruleMetaMap } from '../../server/src/core/judge';
import { loadParsers, type Parsers } from '../../server/src/core/parsers';
import type { PolicySet } from '../../server/src/core/policy/model';
import { loadPolicySet } from '../../server/src/core/policy/policy-set';
import { builtinPolicyDir } from '../../server/src/runtime/runtime';

let loading: Promise<Parsers> | undefined;

/** Loads the wasm parsers once per test process. */
export function parsers(): Promise<Parsers> {
  loading ??= loadParsers();
  return loading;
}

/**
 * Absolute path of the shared real-input corpus: `$RAILGUARD_CORPUS`, else `../shared/corpus`
 * beside the checkout (as on CI). A public clone has none: tests that read it skip with
 * {@link NEEDS_CORPUS}.
 */
export const CORPUS = process.env.RAILGUARD_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');

/** Whether {@link CORPUS} is present. */
export const HAS_CORPUS =
  fs.existsSync(path.join(CORPUS, 'migrations')) && fs.existsSync(path.join(CORPUS, 'shell'));

/**
 * node:test `skip` option of a test that reads the corpus: `false` when it is present, else the
 * reason the runner prints beside the skipped test (`{ skip: NEEDS_CORPUS }`).
 */
export const NEEDS_CORPUS: string | false = HAS_CORPUS
  ? false
  : `needs the shared real-input corpus at ${CORPUS} (absent in a public clone)`;

/**
 * The built-in policies as the CLI applies them with no workspace policy (trusted, rule ids and
 * categories known), loaded anew on each call (a test may not share another's mutations).
 */
export function builtinPolicies(): PolicySet {
  const metas = ruleMetaMap();
  return loadPolicySet({
    builtinDir: builtinPolicyDir(),
    trusted: true,
    knownRuleIds: new Set(metas.keys()),
    categoryOf: categoryLookup(metas),
  });
}
