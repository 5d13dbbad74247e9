/**
 * Check digits and validity rules used by the PII recognizers, so that a number shaped like a
 * card, an IBAN or an SSN is masked only when it could really be one (as Microsoft Presidio's
 * pattern recognizers do in their `validate_result` / `invalidate_result` hooks).
 */

/**
 * Luhn (mod 10) check, ISO/IEC 7812-1 Annex B: the check used by payment card numbers.
 * @param digits only the digits `0-9` (separators removed); returns false for anything else.
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * IBAN check digits, ISO 13616-1 / ISO 7064 MOD 97-10: move the first four characters to the
 * end, replace letters by 10..35 and the remainder mod 97 must be 1.
 * @param iban the IBAN with or without spaces, any case; returns false for other characters
 *   or a length outside 15..34 (the shortest, Norway, is 15; the longest allowed is 34).
 */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s) || s.length < 15 || s.length > 34) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/**
 * US Social Security number validity after Presidio's `UsSsnRecognizer.invalidate_result`
 * and the SSA's assignment rules (https://www.ssa.gov/employer/randomization.html):
 * one consistent delimiter, not all the same digit, area not 000, 666 or 9xx (ITINs),
 * group not 00, serial not 0000, and not a well-known sample number (078-05-1120, 123-45-6789).
 * @param text the matched text, e.g. `123-45-6789` or `123 45 6789`.
 */
export function ssnValid(text: string): boolean {
  const delimiters = new Set(text.replace(/\d/g, ''));
  if (delimiters.size > 1) return false;
  const digits = text.replace(/\D/g, '');
  if (digits.length !== 9) return false;
  if (/^(\d)\1{8}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  return !['078051120', '123456789', '219099999', '457555462'].includes(digits);
}

/**
 * NANP (North American Numbering Plan) validity: area code and central office code are
 * `[2-9]XX` and not an `N11` service code (https://nationalnanpa.com/number_resource_info/).
 * @param area three-digit area code; @param exchange three-digit central office code.
 */
export function nanpValid(area: string, exchange: string): boolean {
  const ok = (code: string): boolean => /^[2-9]\d\d$/.test(code) && !/^[2-9]11$/.test(code);
  return ok(area) && ok(exchange);
}
