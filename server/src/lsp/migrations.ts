/** Migration tools whose file layouts the language server recognises. */
export type MigrationLayout =
  'prisma' | 'golang-migrate' | 'diesel' | 'flyway' | 'rails' | 'migrations-folder';

/** A recognised migration file: its tool and whether it undoes a migration (`down`). */
export interface MigrationFile {
  layout: MigrationLayout;
  direction: 'up' | 'down';
}

/**
 * Recognises a migration file by its path (POSIX or Windows separators):
 * - Prisma: `migrations/<timestamp_name>/migration.sql`
 * - diesel: `migrations/<version_name>/up.sql` / `down.sql`
 * - golang-migrate (and popx, dbmate-style): `<version>_<name>.up.sql` / `.down.sql`
 *   (also `…​.postgres.up.sql`)
 * - Flyway: `V<version>__<description>.sql` (versioned), `U…` (undo), `R__…` (repeatable)
 * - Rails `db/migrate/*.sql`, or any other `.sql` directly in a `migrations` folder (Django…).
 * Returns `undefined` for other files (they are still linted when their language is `sql`).
 */
export function recogniseMigration(file: string): MigrationFile | undefined {
  const parts = file.split(/[\\/]+/);
  const base = parts.at(-1) ?? '';
  const parent = parts.at(-2) ?? '';
  const grandparent = parts.at(-3) ?? '';
  if (!base.toLowerCase().endsWith('.sql')) return undefined;
  if (base === 'migration.sql' && grandparent === 'migrations') return { layout: 'prisma', direction: 'up' };
  if ((base === 'up.sql' || base === 'down.sql') && grandparent === 'migrations') {
    return { layout: 'diesel', direction: base === 'up.sql' ? 'up' : 'down' };
  }
  const gm = /\.(up|down)\.sql$/i.exec(base);
  if (gm) return { layout: 'golang-migrate', direction: gm[1]?.toLowerCase() === 'down' ? 'down' : 'up' };
  if (/^[VUR]\d*(?:[._]\d+)*__.+\.sql$/.test(base)) {
    return { layout: 'flyway', direction: base.startsWith('U') ? 'down' : 'up' };
  }
  if (parent === 'migrate' && grandparent === 'db') return { layout: 'rails', direction: 'up' };
  if (parent === 'migrations') return { layout: 'migrations-folder', direction: 'up' };
  return undefined;
}
