import { credentialRecognizer } from './credentials';
import type { Detection, MaskResult, Recognizer } from './model';
import { PII_RECOGNIZERS } from './pii';
import { secretCandidate } from './prefilter';
import { loadSecretlint, type SecretScanner } from './secretlint';

export { secretCandidate } from './prefilter';

/**
 * Masking of secrets and PII before anything is written, shown to an agent or synced.
 *
 * Design: secretlint's API is async-only (`lintSource` returns a Promise), so {@link Masker.mask}
 * is async. That fits the flow: analysis and the decision are pure and synchronous; masking runs
 * around them, in the I/O steps that write the audit record, the lineage event or a message.
 * {@link Masker.maskSync} applies every recognizer except secretlint (the supplementary
 * credential patterns and the PII recognizers) for callers that cannot await; it is a subset and
 * must not be used where secretlint's coverage is required.
 */
export interface Masker {
  /** Masks secrets (`[REDACTED:kind]`) and PII (`[PII:kind]`). Never rejects. */
  mask(text: string): Promise<MaskResult>;
  /** Same without secretlint (see the interface docs). Never throws. */
  maskSync(text: string): MaskResult;
}

/** Runs the synchronous recognizers (credentials first, then PII). */
function syncDetections(text: string): Detection[] {
  const recognizers: readonly Recognizer[] = [credentialRecognizer, ...PII_RECOGNIZERS];
  return recognizers.flatMap((r) => r(text));
}

/**
 * Merges overlapping detections into disjoint spans. On overlap the union is masked; its kind is
 * the secret's over PII, then the longest detection's. Result sorted by start.
 */
export function mergeDetections(detections: readonly Detection[]): Detection[] {
  const sorted = detections.filter((d) => d.end > d.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Detection[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last && d.start < last.end) {
      const preferD =
        (d.class === 'secret' && last.class === 'pii') ||
        (d.class === last.class && d.end - d.start > last.end - last.start);
      out[out.length - 1] = {
        kind: preferD ? d.kind : last.kind,
        class: preferD ? d.class : last.class,
        start: last.start,
        end: Math.max(last.end, d.end),
      };
    } else {
      out.push({ ...d });
    }
  }
  return out;
}

/** Replaces each merged detection by its placeholder. `found` is in offsets of `text`. */
export function applyMask(text: string, detections: readonly Detection[]): MaskResult {
  const found = mergeDetections(detections);
  let out = '';
  let at = 0;
  for (const d of found) {
    out += text.slice(at, d.start) + (d.class === 'secret' ? `[REDACTED:${d.kind}]` : `[PII:${d.kind}]`);
    at = d.end;
  }
  return { text: out + text.slice(at), found };
}

/**
 * A masker over a given secret scanner (tests inject one; production uses {@link createMasker}).
 * The scanner only sees texts {@link secretCandidate} keeps (see `prefilter.ts`); the synchronous
 * recognizers see all.
 */
export function maskerWith(scanSecrets: SecretScanner): Masker {
  return {
    async mask(text) {
      const secrets = secretCandidate(text) ? await scanSecrets(text) : [];
      return applyMask(text, [...secrets, ...syncDetections(text)]);
    },
    maskSync(text) {
      return applyMask(text, syncDetections(text));
    },
  };
}

/**
 * Loads secretlint once and returns a {@link Masker}.
 * @throws Error when secretlint cannot be loaded.
 */
export async function createMasker(): Promise<Masker> {
  return maskerWith(await loadSecretlint());
}
