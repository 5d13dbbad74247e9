/**
 * UTF-8 byte offsets ⇄ UTF-16 string offsets.
 *
 * libpg-query reports every position (`RawStmt.stmt_location`, `stmt_len`, node `location`,
 * scanner token `start`/`end`) as a byte offset into the UTF-8 encoding of the text it parsed,
 * while editors and {@link import('../types').Span} use UTF-16 code units (JavaScript string
 * indices). Building the tables is O(n) once per text; each lookup is O(1).
 */
export interface OffsetMap {
  /** Length of the text in UTF-8 bytes. */
  readonly byteLength: number;
  /** UTF-16 offset of a UTF-8 byte offset (clamped to `[0, byteLength]`; inside a character ⇒ its start). */
  toChar(byteOffset: number): number;
  /** UTF-8 byte offset of a UTF-16 offset (clamped to `[0, text.length]`). */
  toByte(charOffset: number): number;
}

/** Builds the {@link OffsetMap} of `text`; pure ASCII text gets the identity map without tables. */
export function offsetMap(text: string): OffsetMap {
  const byteLength = Buffer.byteLength(text, 'utf8');
  const n = text.length;
  const clamp = (v: number, max: number): number => (v < 0 ? 0 : v > max ? max : v);
  if (byteLength === n) {
    return { byteLength, toChar: (b) => clamp(b, n), toByte: (c) => clamp(c, n) };
  }
  const byteToChar = new Uint32Array(byteLength + 1);
  const charToByte = new Uint32Array(n + 1);
  let b = 0;
  for (let c = 0; c < n; c++) {
    const code = text.charCodeAt(c);
    charToByte[c] = b;
    let width: number;
    if (code < 0x80) width = 1;
    else if (code < 0x800) width = 2;
    else if (code >= 0xd800 && code <= 0xdbff && c + 1 < n) {
      const next = text.charCodeAt(c + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is one 4-byte code point; its low half maps to the same bytes.
        for (let k = 0; k < 4; k++) byteToChar[b + k] = c;
        charToByte[c + 1] = b;
        b += 4;
        c++;
        continue;
      }
      width = 3;
    } else width = 3;
    for (let k = 0; k < width; k++) byteToChar[b + k] = c;
    b += width;
  }
  byteToChar[byteLength] = n;
  charToByte[n] = byteLength;
  return {
    byteLength,
    toChar: (off) => byteToChar[clamp(off, byteLength)] ?? n,
    toByte: (off) => charToByte[clamp(off, n)] ?? byteLength,
  };
}
