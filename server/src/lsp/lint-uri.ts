import { fileURLToPath } from 'node:url';
import type { Parsers } from '../core/parsers';
import { lintSql, type LintResult } from './lint';
import type { RailguardSettings } from './protocol';

/** Path of a `file:` URI, or the URI itself for other schemes (untitled documents). */
export function uriPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** Lints SQL text for a URI with the URI's settings (dialect forced, or detected from
 * the file name and content; PostgreSQL when nothing tells). */
export function lintForUri(
  parsers: Parsers,
  text: string,
  uri: string,
  settings: RailguardSettings,
): LintResult {
  const file = uriPath(uri);
  return lintSql(parsers, text, settings.dialect === 'auto' ? { file } : { dialect: settings.dialect, file });
}
