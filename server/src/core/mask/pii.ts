import { isIPv4, isIPv6 } from 'node:net';
import { ibanValid, luhnValid, nanpValid, ssnValid } from './checksums';
import type { Detection, Recognizer } from './model';

/**
 * PII recognizers after Microsoft Presidio's predefined pattern recognizers
 * (presidio-analyzer/presidio_analyzer/predefined_recognizers): a regular expression proposes a
 * candidate, a checksum or validity rule confirms it where one exists. Only confirmed candidates
 * are reported (Presidio's low-score "weak" patterns, e.g. a bare 9-digit SSN, are left out).
 * Each recognizer first checks something its pattern cannot match without (`@`, `eyJ`, a run of
 * digits, `:`…), so an ordinary text costs an `includes` or a short scan (issue 10: masking
 * ≥ 50,000 ordinary texts/s).
 */

/** Collects matches of `re` (must be global) whose `accept` returns true. */
function scan(
  text: string,
  re: RegExp,
  kind: string,
  accept: (m: RegExpExecArray) => boolean = () => true,
  group = 0,
): Detection[] {
  const out: Detection[] = [];
  for (const m of text.matchAll(re)) {
    if (!accept(m)) continue;
    const value = m[group];
    if (value === undefined) continue;
    const start = (m.index ?? 0) + (group === 0 ? 0 : m[0].indexOf(value));
    out.push({ kind, class: 'pii', start, end: start + value.length });
  }
  return out;
}

/**
 * E-mail addresses: RFC 5322 dot-atom local part without the characters that delimit values in
 * commands and SQL (`'`, `=`, `` ` ``, `|`, `{`, `}`, `/`), a DNS host and an alphabetic TLD.
 */
export const emailRecognizer: Recognizer = (text) =>
  !text.includes('@')
    ? []
    : scan(
        text,
        /(?<![\w.!#$%&*+?^~-])[\w!#$%&*+?^~-]+(?:\.[\w!#$%&*+?^~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b/g,
        'email',
      );

/**
 * Phone numbers: E.164 (`+` country code and up to 15 digits, ITU-T E.164 §6) and formatted
 * NANP numbers (`(415) 555-2671`, `415-555-2671`, `+1 415 555 2671`) with NANP validity.
 * Bare 10-digit runs are not reported: without formatting they are usually identifiers.
 */
export const phoneRecognizer: Recognizer = (text) =>
  !text.includes('+') && !/\d{3}[ .-]\d{4}/.test(text) ? [] : phoneScan(text);

/** {@link phoneRecognizer} without its necessary-condition check (`+`, or `ddd-dddd`). */
const phoneScan: Recognizer = (text) => [
  ...scan(text, /(?<![\w+])\+[1-9](?:[ .-]?\d){7,14}(?![\d-])/g, 'phone', (m) => {
    const digits = m[0].replace(/\D/g, '');
    return digits.length >= 8 && digits.length <= 15;
  }),
  ...scan(
    text,
    /(?<![\w+\d-])(?:1[ .-])?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)[ .-])([2-9]\d\d)[ .-](\d{4})(?![\d-])/g,
    'phone',
    (m) => nanpValid(m[1] ?? m[2] ?? '', m[3] ?? ''),
  ),
];

/** US SSNs in the delimited forms Presidio scores medium (`123-45-6789`, `123 45 6789`, `123.45.6789`). */
export const ssnRecognizer: Recognizer = (text) =>
  !/\d{3}[- .]\d/.test(text)
    ? []
    : scan(text, /(?<![\w.-])\d{3}[- .]\d{2}[- .]\d{4}(?![\w-]|\.\d)/g, 'us-ssn', (m) => ssnValid(m[0]));

/**
 * Payment card numbers: Presidio's `CreditCardRecognizer` pattern (13–19 digits starting with a
 * card network prefix, optional space/dash separators) confirmed by the Luhn check.
 */
export const creditCardRecognizer: Recognizer = (text) =>
  !/\d{4}/.test(text)
    ? []
    : scan(
        text,
        /(?<![\w-])(?!1\d{12}(?!\d))(?:4\d{3}|5[0-5]\d{2}|6\d{3}|1\d{3}|3\d{3})[- ]?\d{3,4}[- ]?\d{3,4}[- ]?\d{3,5}(?![\w-])/g,
        'credit-card',
        (m) => {
          const digits = m[0].replace(/\D/g, '');
          return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
        },
      );

/** IBANs (ISO 13616) in electronic or grouped print form, confirmed by MOD 97-10. */
export const ibanRecognizer: Recognizer = (text) =>
  scan(text, /(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?!\w)/g, 'iban', (m) =>
    ibanValid(m[0]),
  );

/** IPv4 dotted quads and IPv6 addresses, validated by `node:net`. */
export const ipRecognizer: Recognizer = (text) => [
  ...(!/\d\.\d/.test(text)
    ? []
    : scan(text, /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g, 'ipv4', (m) => isIPv4(m[0]))),
  ...(!text.includes(':')
    ? []
    : scan(
        text,
        /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|:)(?::|[0-9A-Fa-f]{1,4}:){1,7}(?:[0-9A-Fa-f]{1,4}|:|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])/g,
        'ipv6',
        (m) => isIPv6(m[0]) && (m[0].match(/[0-9A-Fa-f]+/g) ?? []).length >= 2,
      )),
];

/** Decodes base64url to text, or undefined when it is not valid base64url. */
function base64UrlText(segment: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment) || segment.length % 4 === 1) return undefined;
  return Buffer.from(segment, 'base64url').toString('utf8');
}

/**
 * JSON Web Tokens (RFC 7519 compact JWS, RFC 7515 §7.1): three base64url segments whose header
 * decodes to a JSON object with a string `alg` (the signature may be empty for `alg: none`).
 */
export const jwtRecognizer: Recognizer = (text) =>
  !text.includes('eyJ')
    ? []
    : scan(text, /(?<![\w-])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?![\w-])/g, 'jwt', (m) => {
        const header = base64UrlText(m[0].split('.')[0] ?? '');
        if (header === undefined) return false;
        try {
          const parsed: unknown = JSON.parse(header);
          return (
            typeof parsed === 'object' &&
            parsed !== null &&
            typeof (parsed as { alg?: unknown }).alg === 'string'
          );
        } catch {
          return false;
        }
      });

/** All PII recognizers, in the order their results are reported. */
export const PII_RECOGNIZERS: readonly Recognizer[] = [
  jwtRecognizer,
  emailRecognizer,
  creditCardRecognizer,
  ibanRecognizer,
  ssnRecognizer,
  phoneRecognizer,
  ipRecognizer,
];
