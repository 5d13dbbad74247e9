import type { MigrationLayout } from './tool-catalogue';

/**
 * How each migration tool names its migrations on disk, as data: which names are migrations, what
 * their version is, which file holds which part (Up, Down), and how versions are ordered. Read by
 * `migration-files.ts`. Sources, per tool:
 * - golang-migrate: `{version}_{title}.up.{ext}` / `.down.{ext}`, versions unsigned integers
 *   (https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md);
 * - goose: `{version}_{name}.sql` with `-- +goose Up` / `-- +goose Down` sections, integer
 *   versions (https://pressly.github.io/goose/documentation/annotations/);
 * - dbmate: `{version}_{name}.sql` with `-- migrate:up` / `-- migrate:down` sections
 *   (https://github.com/amacneil/dbmate#creating-migrations);
 * - SQLx: `{version}_{description}.sql` (simple, applied only) or `.up.sql` / `.down.sql`
 *   (reversible), integer versions (https://github.com/launchbadge/sqlx/blob/main/sqlx-cli/README.md);
 * - Diesel: one folder per migration, `{version}_{name}/up.sql` and `down.sql`, ordered by version
 *   (https://diesel.rs/guides/getting-started.html);
 * - Prisma: `{timestamp}_{name}/migration.sql`, applied in folder order, no down part
 *   (https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories);
 * - Flyway: `V{version}__{description}.sql` (version parts split by `.` or `_`), `U{version}__…`
 *   undo files, `R__{description}.sql` repeatable files run again whenever they change
 *   (https://documentation.red-gate.com/fd/migrations-184127470.html);
 * - Drizzle Kit: `{index}_{tag}.sql` in the `out` folder, or `{timestamp}_{tag}/migration.sql`
 *   from version 1 (https://orm.drizzle.team/docs/drizzle-kit-migrate).
 */

/** Which part of a migration a file holds; `sections`: both, marked inside the file. */
export type FilePart = 'up' | 'down' | 'sections';

/** Migration files directly in the folder: names matching `pattern` (group `v`: the version). */
export interface FileRule {
  pattern: RegExp;
  /** The part the file holds; a named group `part` (`up`/`down`) in `pattern` says it otherwise. */
  part?: FilePart;
  /** Run again whenever it changes, whatever the version (Flyway `R__`). */
  repeatable?: boolean;
}

/** One migration per folder: folder names matching `pattern`, with fixed file names per part. */
export interface FolderRule {
  pattern: RegExp;
  up: string;
  down?: string;
}

export interface LayoutSpec {
  files?: readonly FileRule[];
  folders?: FolderRule;
  /** Markers of the Up and Down sections of a `sections` file, each on a line of its own. */
  sections?: { up: RegExp; down: RegExp };
  /** Version order: `digits` (the digits as one integer), `dotted` (parts split by `.`/`_`, each an integer). */
  order: 'digits' | 'dotted';
}

export const MIGRATION_LAYOUTS: Readonly<Record<MigrationLayout, LayoutSpec>> = {
  'golang-migrate': {
    files: [{ pattern: /^(?<v>\d+)_.*\.(?<part>up|down)\.sql$/ }],
    order: 'digits',
  },
  goose: {
    files: [{ pattern: /^(?<v>\d+)_.+\.sql$/, part: 'sections' }],
    sections: { up: /^--\s*\+goose\s+up\b/i, down: /^--\s*\+goose\s+down\b/i },
    order: 'digits',
  },
  dbmate: {
    files: [{ pattern: /^(?<v>\d+)(?:_.*)?\.sql$/, part: 'sections' }],
    sections: { up: /^--\s*migrate:up\b/, down: /^--\s*migrate:down\b/ },
    order: 'digits',
  },
  sqlx: {
    files: [
      { pattern: /^(?<v>\d+)_.+\.(?<part>up|down)\.sql$/ },
      { pattern: /^(?<v>\d+)_.+\.sql$/, part: 'up' },
    ],
    order: 'digits',
  },
  diesel: {
    folders: { pattern: /^(?<v>[^_.][^_]*)(?:_.*)?$/, up: 'up.sql', down: 'down.sql' },
    order: 'digits',
  },
  prisma: { folders: { pattern: /^(?<v>\d+)_.*$/, up: 'migration.sql' }, order: 'digits' },
  flyway: {
    files: [
      { pattern: /^V(?<v>\d[\d._]*?)__.*\.sql$/, part: 'up' },
      { pattern: /^U(?<v>\d[\d._]*?)__.*\.sql$/, part: 'down' },
      { pattern: /^R__.*\.sql$/, part: 'up', repeatable: true },
    ],
    order: 'dotted',
  },
  drizzle: {
    files: [{ pattern: /^(?<v>\d+)_.+\.sql$/, part: 'up' }],
    folders: { pattern: /^(?<v>\d+)_.*$/, up: 'migration.sql' },
    order: 'digits',
  },
};

/** Compares two versions by `order` (negative when `a` comes first). */
export function compareVersions(order: LayoutSpec['order'], a: string, b: string): number {
  const parts = (v: string): string[] => (order === 'dotted' ? v.split(/[._]/) : [v.replace(/\D/g, '')]);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = (pa[i] ?? '0').replace(/^0+/, '');
    const y = (pb[i] ?? '0').replace(/^0+/, '');
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The text of one part of a `sections` file, with every other line blanked (its line breaks
 * kept, so positions in the file stay right): the lines after the part's marker up to the other
 * marker. Empty when the file has no marker for the part (the tools refuse such a file).
 */
export function sectionText(
  text: string,
  markers: { up: RegExp; down: RegExp },
  part: 'up' | 'down',
): string {
  let inPart = false;
  let found = false;
  const lines = text.split('\n').map((line) => {
    const t = line.trim();
    if (markers.up.test(t) || markers.down.test(t)) {
      inPart = (part === 'up' ? markers.up : markers.down).test(t);
      found ||= inPart;
      return '';
    }
    return inPart ? line : '';
  });
  return found ? lines.join('\n') : '';
}
