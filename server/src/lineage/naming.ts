import type { Dialect } from '../core/types';

/**
 * Dataset naming after the OpenLineage naming conventions (https://openlineage.io/docs/spec/naming):
 * the namespace names the data source, the name the object inside it.
 *
 * | dialect     | namespace                  | name                        |
 * |-------------|----------------------------|-----------------------------|
 * | postgresql  | `postgres://{host}:{port}` | `{database}.{schema}.{table}` |
 * | mysql/maria | `mysql://{host}:{port}`    | `{database}.{table}`        |
 * | transactsql | `mssql://{host}:{port}`    | `{database}.{schema}.{table}` |
 * | snowflake   | `snowflake://{host}`       | `{database}.{schema}.{table}` |
 * | bigquery    | `bigquery`                 | `{project}.{dataset}.{table}` |
 * | sqlite      | `sqlite://{host}`          | `{database}.{table}` (not in the conventions) |
 *
 * When the database is unknown the name is the relation as the SQL wrote it, schema-qualified
 * with the default schema (`public`, `dbo`) where the dialect has one: `schema.table`.
 */

/** Where a data action ran. `port` defaults per dialect; `database` may be unknown. */
export interface LineageTarget {
  host: string;
  port?: number;
  database?: string;
  dialect: Dialect;
}

/** A dataset's identity. */
export interface DatasetId {
  namespace: string;
  name: string;
}

const DEFAULT_PORT: Partial<Record<Dialect, number>> = {
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  transactsql: 1433,
};

const DEFAULT_SCHEMA: Partial<Record<Dialect, string>> = { postgresql: 'public', transactsql: 'dbo' };

/** Host in URL authority form (IPv6 literals in brackets), lowercased. */
function authorityHost(host: string): string {
  const h = host.trim().toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/** The dataset namespace of a connection target (see the table above). */
export function datasetNamespace(target: LineageTarget): string {
  const host = authorityHost(target.host);
  const port = target.port ?? DEFAULT_PORT[target.dialect];
  switch (target.dialect) {
    case 'postgresql':
      return `postgres://${host}:${port}`;
    case 'mysql':
    case 'mariadb':
      return `mysql://${host}:${port}`;
    case 'transactsql':
      return `mssql://${host}:${port}`;
    case 'snowflake':
      return `snowflake://${host}`;
    case 'bigquery':
      return 'bigquery';
    case 'sqlite':
      return `sqlite://${host}`;
  }
}

/** Splits a relation name as written (`a.b.c`, `"My Schema".t`) into unquoted parts. */
export function relationParts(relation: string): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([^."`[]+)/g;
  for (let m = re.exec(relation); m; m = re.exec(relation)) {
    const quoted = m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? m[3]);
    parts.push(quoted ?? (m[4] ?? '').trim());
  }
  return parts.filter((p) => p.length > 0);
}

/**
 * The dataset name of `relation` (as the analyzer reports it) on `target`: missing schema and
 * database parts are filled from the dialect's default schema and `target.database`.
 */
export function datasetName(relation: string, target: LineageTarget): string {
  const parts = relationParts(relation);
  const schema = DEFAULT_SCHEMA[target.dialect];
  const threePart = schema !== undefined || target.dialect === 'snowflake' || target.dialect === 'bigquery';
  if (threePart) {
    if (parts.length === 1 && schema) parts.unshift(schema);
    if (parts.length === 2 && target.database) parts.unshift(target.database);
  } else if (parts.length === 1 && target.database) {
    parts.unshift(target.database);
  }
  return parts.join('.');
}

/** The dataset of `relation` on `target`. */
export function datasetOf(relation: string, target: LineageTarget): DatasetId {
  return { namespace: datasetNamespace(target), name: datasetName(relation, target) };
}
