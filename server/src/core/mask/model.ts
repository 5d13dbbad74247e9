/**
 * Shapes shared by the masking modules. Offsets are UTF-16 code units (JavaScript string
 * indices) into the text that was scanned, `end` exclusive.
 */

/** Whether a detection is a credential (`[REDACTED:kind]`) or personal data (`[PII:kind]`). */
export type DetectionClass = 'secret' | 'pii';

/** One sensitive span found in a text. */
export interface Detection {
  /**
   * What was found: a secretlint rule short name (`github`, `slack`, `aws`, `privatekey`,
   * `database-connection-string`, `basicauth`…), a supplementary credential kind
   * (`uri-password`, `env-password`, `key-value-secret`, `cli-password`, `bearer-token`, `stripe`,
   * `google-api-key`)
   * or a PII kind (`email`, `phone`, `us-ssn`, `credit-card`, `iban`, `ipv4`, `ipv6`, `jwt`).
   */
  kind: string;
  class: DetectionClass;
  start: number;
  end: number;
}

/** The result of masking a text. `found` holds spans in the ORIGINAL text, sorted by start. */
export interface MaskResult {
  text: string;
  found: Detection[];
}

/** A synchronous recognizer over a text. */
export type Recognizer = (text: string) => Detection[];
