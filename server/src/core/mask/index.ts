/** Masking of secrets and PII, and SQL fingerprints: the public surface of `core/mask`. */
export { createMasker, maskerWith, applyMask, mergeDetections, type Masker } from './masker';
export { fingerprintSql, replaceLiterals } from './fingerprint';
export type { Detection, DetectionClass, MaskResult, Recognizer } from './model';
