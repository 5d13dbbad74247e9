import * as fs from 'node:fs';
import { detectDialect, detectProjectDialect } from '../core/sql/dialect';
import type { Dialect } from '../core/types';

/**
 * The dialect of a migration file for the CLI: its name, then the project's own statement of
 * its database (Prisma `migration_lock.toml`, Rails `config/database.yml`, Django `settings.py`,
 * Flyway/Liquibase config; see `detectProjectDialect`), then its content. Config files read are
 * cached per folder for the run, so a folder of migrations reads them once.
 */
export function projectDialectDetector(): (file: string, text: string) => Dialect | undefined {
  const cache = new Map<string, string | undefined>();
  const readFile = (p: string): string | undefined => {
    if (cache.has(p)) return cache.get(p);
    let content: string | undefined;
    try {
      content = fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined;
    } catch {
      content = undefined;
    }
    cache.set(p, content);
    return content;
  };
  const byFolder = new Map<string, Dialect | undefined>();
  return (file, text) => {
    const folder = file.replace(/\\/g, '/').replace(/\/[^/]*$/, '');
    if (!byFolder.has(folder)) byFolder.set(folder, detectProjectDialect(file, readFile));
    return detectDialect(file, text, byFolder.get(folder));
  };
}
