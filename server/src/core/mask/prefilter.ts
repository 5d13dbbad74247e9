/**
 * The linear-time prefilter in front of secretlint (issue 10: masking ≥ 50,000 ordinary
 * texts/s): secretlint costs ~0.5–1 ms a text, so it runs only on texts where one of its rules
 * could report something. Each entry below is a necessary condition of one rule of
 * `@secretlint/secretlint-rule-preset-recommend` 12.0.0 as Railguard configures it (text
 * content, file name `railguard-mask.txt`), read from the rule's own pattern (`sources`): a text
 * no entry matches cannot produce a secretlint finding. Conditions are literal prefixes or
 * fixed-length runs, so one scan is linear in the text.
 *
 * `test/unit/mask/prefilter.test.ts` checks that the preset's rule ids are exactly those listed
 * here (a new secretlint rule fails it until an entry is added) and that every secret secretlint
 * finds in the fixtures passes the prefilter.
 */

/** One rule's necessary condition. */
export interface SecretlintMarker {
  /** Rule id without `@secretlint/secretlint-rule-`. */
  rule: string;
  /** Present in every text the rule reports on (case as in the rule's own pattern). */
  marker: RegExp;
  /** The rule's pattern this was read from. */
  sources: string[];
}

const SRC = 'https://github.com/secretlint/secretlint/blob/v12.0.0/packages/%40secretlint';

/** Necessary conditions, one entry per rule of the recommended preset (minus `filter-comments`). */
export const SECRETLINT_MARKERS: readonly SecretlintMarker[] = [
  {
    rule: 'aws',
    // Access key id (prefix + 16), secret access key (only after `secret_access_key` and a
    // connector) and account id (only after `account(_id)` and a connector).
    marker:
      /(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}|(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)|(?:ACCOUNT|account|Account)_?(?:ID|id|Id)?["']?\s*(?::|=>|=)/,
    sources: [`${SRC}/secretlint-rule-aws/src/index.ts`],
  },
  {
    rule: 'gcp',
    // Runs only on `.json` and `.p12` files: never on Railguard's `railguard-mask.txt`. A JSON
    // object naming a private key (or holding \u escapes that could spell one) is still kept, in
    // case the file name ever changes.
    marker: /^\s*\{[\s\S]*(?:private|\\u)/,
    sources: [`${SRC}/secretlint-rule-gcp/src/index.ts`],
  },
  {
    rule: 'npm',
    // `npm_` tokens; `_authToken=` and `:x-oauth-basic@` apply to .npmrc / package.json only.
    marker: /npm_|_authToken|x-oauth-basic@/,
    sources: [`${SRC}/secretlint-rule-npm/src/index.ts`],
  },
  {
    rule: 'slack',
    marker: /xox[bpaor]-|xapp-|hooks\.slack\.com/i,
    sources: [`${SRC}/secretlint-rule-slack/src/index.ts`],
  },
  {
    rule: 'basicauth',
    // `scheme://user:password@`; also what database-connection-string needs (below).
    marker: /:\/\/[^:/\s]*:[^@/\s]*@/,
    sources: [`${SRC}/secretlint-rule-basicauth/src/index.ts`],
  },
  { rule: 'openai', marker: /T3BlbkFJ/, sources: [`${SRC}/secretlint-rule-openai/src/index.ts`] },
  { rule: 'anthropic', marker: /sk-ant-api0/, sources: [`${SRC}/secretlint-rule-anthropic/src/index.ts`] },
  { rule: 'groq', marker: /gsk_/, sources: [`${SRC}/secretlint-rule-groq/src/index.ts`] },
  { rule: 'huggingface', marker: /hf_/, sources: [`${SRC}/secretlint-rule-huggingface/src/index.ts`] },
  { rule: 'linear', marker: /lin_api_/, sources: [`${SRC}/secretlint-rule-linear/src/index.ts`] },
  { rule: 'notion', marker: /ntn_\d/, sources: [`${SRC}/secretlint-rule-notion/src/index.ts`] },
  { rule: 'privatekey', marker: /-----BEGIN/, sources: [`${SRC}/secretlint-rule-privatekey/src/index.ts`] },
  { rule: 'sendgrid', marker: /SG\./, sources: [`${SRC}/secretlint-rule-sendgrid/src/index.ts`] },
  {
    rule: 'shopify',
    marker: /shp(?:pa|ca|at|ss)_/,
    sources: [`${SRC}/secretlint-rule-shopify/src/index.ts`],
  },
  {
    rule: 'github',
    marker: /gh[pousr]_|github_pat_/,
    sources: [`${SRC}/secretlint-rule-github/src/index.ts`],
  },
  { rule: 'gitlab', marker: /glpat-/, sources: [`${SRC}/secretlint-rule-gitlab/src/index.ts`] },
  { rule: 'grafana', marker: /glc_|glsa_/, sources: [`${SRC}/secretlint-rule-grafana/src/index.ts`] },
  { rule: '1password', marker: /ops_ey/, sources: [`${SRC}/secretlint-rule-1password/src/index.ts`] },
  {
    rule: 'database-connection-string',
    // mongodb/mysql/postgres URIs are reported only with `user:password@`.
    marker: /:\/\/[^:/\s]*:[^@/\s]*@/,
    sources: [`${SRC}/secretlint-rule-database-connection-string/src/index.ts`],
  },
  {
    rule: 'hashicorp-vault',
    marker: /hv[sbr]\./,
    sources: [`${SRC}/secretlint-rule-hashicorp-vault/src/index.ts`],
  },
  { rule: 'vercel', marker: /vc[piark]_/, sources: [`${SRC}/secretlint-rule-vercel/src/index.ts`] },
  {
    rule: 'databricks',
    marker: /dapi[A-Fa-f0-9]{32}/,
    sources: [`${SRC}/secretlint-rule-databricks/src/index.ts`],
  },
  { rule: 'docker', marker: /dckr_pat_/, sources: [`${SRC}/secretlint-rule-docker/src/index.ts`] },
  { rule: 'figma', marker: /figd_/, sources: [`${SRC}/secretlint-rule-figma/src/index.ts`] },
];

/** The markers folded into one pattern per case mode (two scans of the text in all). */
function combined(ignoreCase: boolean): RegExp {
  const sources = SECRETLINT_MARKERS.filter((m) => m.marker.ignoreCase === ignoreCase).map(
    (m) => `(?:${m.marker.source})`,
  );
  return new RegExp(sources.join('|'), ignoreCase ? 'i' : '');
}
const CASE_SENSITIVE = combined(false);
const CASE_INSENSITIVE = combined(true);

/**
 * False when no rule of secretlint's recommended preset can find anything in `text` (see
 * {@link SECRETLINT_MARKERS}), so the secretlint run is skipped. Linear time; never throws.
 */
export function secretCandidate(text: string): boolean {
  return CASE_SENSITIVE.test(text) || CASE_INSENSITIVE.test(text);
}
