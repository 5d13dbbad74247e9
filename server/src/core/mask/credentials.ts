import type { Detection, Recognizer } from './model';

/**
 * Credential patterns secretlint's recommended preset does not cover (checked against
 * @secretlint/secretlint-rule-preset-recommend 12): passwords in command lines and environment
 * assignments, bearer tokens, Stripe and Google API keys, and URI passwords in schemes the
 * preset's connection-string rule does not know. Each reports only the secret part, so the audit
 * keeps `mysql -u app -p[REDACTED:cli-password] …`.
 */

interface Pattern {
  kind: string;
  /** Global regular expression; the secret is the named group `s`, or the whole match. */
  re: RegExp;
}

const PATTERNS: readonly Pattern[] = [
  // scheme://user:password@host (RFC 3986 §3.2.1 userinfo) for any scheme.
  { kind: 'uri-password', re: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/@'"]*:(?<s>[^\s@/'"]+)@/g },
  // PGPASSWORD=… (libpq environment variables), MYSQL_PWD=…, and *_PASSWORD/_SECRET/_TOKEN/_API_KEY=….
  {
    kind: 'env-password',
    re: /\b[A-Za-z0-9_]*(?:PASSWORD|PASSWD|MYSQL_PWD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY)=(?<s>"[^"]*"|'[^']*'|[^\s;&|]+)/g,
  },
  // Config / YAML / INI style `aws_secret_access_key = …`, `password: …` (any case, spaces allowed).
  // secretlint's AWS rule misses secrets that end in `/` or `+` (its pattern ends with `\b`).
  {
    kind: 'key-value-secret',
    re: /\b[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)["']?[ \t]*[:=][ \t]*(?<s>"[^"\n]*"|'[^'\n]*'|[^\s;&|,'"]+)/gi,
  },
  // --password=…, --passwd=…, --token=…, --secret=…, --api-key=… (GNU long options).
  {
    kind: 'cli-password',
    re: /(?<![\w-])--(?:password|passwd|pass|token|secret|api-key|apikey|access-key)=(?<s>"[^"]*"|'[^']*'|[^\s;&|]+)/gi,
  },
  // mysql client family: -p<password> attached to the option (MySQL 8.0 Reference Manual §6.2.1 "--password").
  {
    kind: 'cli-password',
    re: /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mysqlsh|mariadb|mariadb-dump|mariadb-admin)\b[^\n;&|]*?\s-p(?<s>"[^"]*"|'[^']*'|[^\s;&|'"]+)/g,
  },
  // HTTP Authorization header credentials (RFC 9110 §11.6.2) and bare "Bearer <token>" (RFC 6750 §2.1).
  {
    kind: 'bearer-token',
    re: /\b(?:Authorization:\s*(?:Bearer|Basic|Token|Digest)|Bearer)\s+(?<s>[A-Za-z0-9._~+/=-]{8,})/gi,
  },
  // Stripe secret / restricted keys and webhook secrets (https://docs.stripe.com/keys).
  { kind: 'stripe', re: /\b(?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{16,}\b|\bwhsec_[0-9a-zA-Z]{24,}\b/g },
  // Google API keys (https://cloud.google.com/docs/authentication/api-keys): AIza + 35 characters.
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
];

/** Finds the supplementary credentials in `text`. Never throws. */
export const credentialRecognizer: Recognizer = (text) => {
  const out: Detection[] = [];
  for (const { kind, re } of PATTERNS) {
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
