import type { Detection, Recognizer } from './model';

/**
 * Credential patterns secretlint's recommended preset does not cover (checked against
 * @secretlint/secretlint-rule-preset-recommend 12): passwords in command lines and environment
 * assignments, bearer tokens, Stripe and Google API keys, and URI passwords in schemes the
 * preset's connection-string rule does not know. Each reports only the secret part, so the audit
 * keeps `mysql -u app -p[REDACTED:cli-password] …`.
 *
 * Linear time (a hostile 1 MB text must not stall the daemon): every pattern starts at a literal
 * anchor (`://`, a keyword, `--`, a key prefix) and its repetitions stop at characters the anchor
 * itself contains or at a fixed bound, so no position is rescanned by later attempts; no pattern
 * has a leading unbounded run (`\b[A-Za-z0-9_]*PASSWORD` rescans the run from every start: quadratic)
 * or a lazy scan to the end of the line. The mysql `-p` form is found per command segment in code.
 */

interface Pattern {
  kind: string;
  /** Global regular expression; the secret is the named group `s`, or the whole match. */
  re: RegExp;
  /**
   * A necessary condition of `re`, checked first with `includes` (most texts hold none of these
   * literals, and then `re` is not run). `lower` is `text.toLowerCase()`, sound for the `i`
   * patterns: without the `u` flag, `i` matches only ASCII case variants of ASCII letters.
   */
  need: (text: string, lower: string) => boolean;
}

const anyOf = (s: string, parts: readonly string[]): boolean => parts.some((p) => s.includes(p));

const PATTERNS: readonly Pattern[] = [
  // scheme://user:password@host (RFC 3986 §3.2.1 userinfo) for any scheme: anchored at `://`
  // (the scheme before it is not needed to find the password); both runs stop at `/`.
  {
    kind: 'uri-password',
    re: /:\/\/[^\s:/@'"]*:(?<s>[^\s@/'"]+)@/g,
    need: (t) => t.includes('://') && t.includes('@'),
  },
  // PGPASSWORD=… (libpq environment variables), MYSQL_PWD=…, and *_PASSWORD/_SECRET/_TOKEN/_API_KEY=….
  {
    kind: 'env-password',
    re: /(?:PASSWORD|PASSWD|MYSQL_PWD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY)=(?<s>"[^"]*"|'[^']*'|[^\s;&|]+)/g,
    need: (t) => t.includes('=') && anyOf(t, ['PASSW', 'MYSQL_PWD', 'SECRET', 'TOKEN', 'API', 'ACCESS_KEY']),
  },
  // Config / YAML / INI style `aws_secret_access_key = …`, `password: …` (any case, spaces allowed).
  // secretlint's AWS rule misses secrets that end in `/` or `+` (its pattern ends with `\b`).
  {
    kind: 'key-value-secret',
    re: /(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)["']?[ \t]*[:=][ \t]*(?<s>"[^"\n]*"|'[^'\n]*'|[^\s;&|,'"]+)/gi,
    need: (t, lower) =>
      (t.includes(':') || t.includes('=')) && anyOf(lower, ['passw', 'secret', 'token', 'api', 'access']),
  },
  // --password=…, --passwd=…, --token=…, --secret=…, --api-key=… (GNU long options).
  {
    kind: 'cli-password',
    re: /(?<![\w-])--(?:password|passwd|pass|token|secret|api-key|apikey|access-key)=(?<s>"[^"]*"|'[^']*'|[^\s;&|]+)/gi,
    need: (t) => t.includes('--') && t.includes('='),
  },
  // HTTP Authorization header credentials (RFC 9110 §11.6.2) and bare "Bearer <token>" (RFC 6750 §2.1).
  {
    kind: 'bearer-token',
    re: /\b(?:Authorization:\s*(?:Bearer|Basic|Token|Digest)|Bearer)\s+(?<s>[A-Za-z0-9._~+/=-]{8,})/gi,
    need: (_t, lower) => lower.includes('bearer') || lower.includes('authorization'),
  },
  // Stripe secret / restricted keys and webhook secrets (https://docs.stripe.com/keys).
  {
    kind: 'stripe',
    re: /\b(?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{16,}\b|\bwhsec_[0-9a-zA-Z]{24,}\b/g,
    need: (t) => anyOf(t, ['_live_', '_test_', 'whsec_']),
  },
  // Google API keys (https://cloud.google.com/docs/authentication/api-keys): AIza + 35 characters.
  {
    kind: 'google-api-key',
    re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    need: (t) => t.includes('AIza'),
  },
];

/**
 * One left-to-right token scan for the mysql client family's attached password (MySQL 8.0
 * Reference Manual §6.2.1 "--password": `-p<password>`): a client name (group `c`), an attached
 * `-p` value (group `s`; a quoted value may hold separators) or a command separator (`\n ; & |`).
 */
const MYSQL_TOKENS =
  /(?<c>\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mysqlsh|mariadb|mariadb-dump|mariadb-admin)\b)|\s-p(?<s>"[^"]*"|'[^']*'|[^\s;&|'"]+)|[\n;&|]/g;

/**
 * `-p<password>` of the mysql client family: every attached `-p` value after a client name in
 * the same command (up to a newline, `;`, `&` or `|`) is a secret. Linear: one scan of the text,
 * whatever the number of client names (a lazy `mysql[^;]*?-p` pattern rescans each line once per
 * name: quadratic).
 */
function mysqlPasswords(text: string, out: Detection[]): void {
  if (!text.includes('mysql') && !text.includes('mariadb')) return; // no client name, nothing to find
  let inClient = false;
  for (const m of text.matchAll(MYSQL_TOKENS)) {
    const secret = m.groups?.['s'];
    if (m.groups?.['c'] !== undefined) inClient = true;
    else if (secret === undefined) inClient = false;
    else if (inClient && secret.length > 0) {
      const start = (m.index ?? 0) + m[0].length - secret.length;
      out.push({ kind: 'cli-password', class: 'secret', start, end: start + secret.length });
    }
  }
}

/** Finds the supplementary credentials in `text`. Never throws. */
export const credentialRecognizer: Recognizer = (text) => {
  const out: Detection[] = [];
  mysqlPasswords(text, out);
  const lower = text.toLowerCase();
  for (const { kind, re, need } of PATTERNS) {
    if (!need(text, lower)) continue;
    for (const m of text.matchAll(re)) {
      const secret = m.groups?.['s'] ?? m[0];
      if (secret.length === 0) continue;
      const offset = m.groups?.['s'] === undefined ? 0 : m[0].lastIndexOf(secret);
      const start = (m.index ?? 0) + offset;
      out.push({ kind, class: 'secret', start, end: start + secret.length });
    }
  }
  return out;
};
