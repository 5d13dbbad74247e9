import { fileURLToPath } from 'node:url';
import { projectDialectDetector } from '../cli/project-dialect';
import type { Parsers } from '../core/parsers';
import { lintSql, type LintResult } from './lint';
import type { RailguardSettings } from './protocol';

/** Path of a `file:` URI, or the URI itself for other schemes (untitled documents). */
export function uriPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** Lints SQL text for a URI with the URI's settings (dialect forced, or detected from the file
 * name, the project's migration tool settings — Prisma `migration_lock.toml`, Rails
 * `database.yml`… read fresh on each call, so edits to them apply — and the content; PostgreSQL
 * when nothing tells). */
export function lintForUri(
  parsers: Parsers,
  text: string,
  uri: string,
  settings: RailguardSettings,
): LintResult {
  const file = uriPath(uri);
  if (settings.dialect !== 'auto') return lintSql(parsers, text, { dialect: settings.dialect, file });
  const detected = uri.startsWith('file:') ? projectDialectDetector()(file, text) : undefined;
  return lintSql(parsers, text, detected ? { dialect: detected, file } : { file });
}
