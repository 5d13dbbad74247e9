import { CLOUD_APIS, CLOUD_TOOLS } from './cloud';
import { CONTAINER_TOOLS } from './containers';
import { DATASTORE_APIS, DATASTORE_TOOLS } from './datastores';
import { FRAMEWORK_TOOLS } from './frameworks';
import { GIT_TOOLS } from './git';
import { HOSTING_TOOLS } from './hosting';
import { MIGRATION_TOOLS } from './migrations';
import type { HttpApiEntry, ToolEntry, ToolFamily } from './model';
import { ORM_TOOLS } from './orm';
import { TUNNEL_TOOLS } from './tunnels';

export type {
  HttpApiEntry,
  MigrationLayout,
  MigrationRunner,
  OverrideEntry,
  SqlRunner,
  TargetSpec,
  ToolEntry,
  ToolFamily,
  VerbEntry,
} from './model';
export {
  matchHttp,
  matchMigrationRun,
  matchOverrides,
  matchSqlRun,
  matchTool,
  toolTargetSignals,
} from './match';
export type { HttpMatch, MigrationRun, OverrideMatch, SqlRun, ToolMatch } from './match';
export { forgeApiRequest, httpRequest, urlParts } from './http-request';
export type { HttpRequest } from './http-request';

/**
 * The catalogue of destructive verbs of the command-line tools agents drive, by family
 * (issue 11 §1): `orm.ts` (with `migrations.ts` and `frameworks.ts`), `datastores.ts`, `containers.ts`,
 * `cloud.ts` (with `hosting.ts`), `git.ts`, `tunnels.ts`. One entry per
 * tool, each with its verbs, harmless neighbours, how its target and environment are named, and
 * its sources. Read by the rules `destructive-tool-verb`, `tool-downtime`, `tool-exfiltration`,
 * `tool-privileged-access` and `environment-check-override`, and by `commandFacts` for the
 * environment signals (see `toolTargetSignals`).
 */
export const TOOL_CATALOGUE: readonly ToolEntry[] = [
  ...ORM_TOOLS,
  ...MIGRATION_TOOLS,
  ...FRAMEWORK_TOOLS,
  ...DATASTORE_TOOLS,
  ...CONTAINER_TOOLS,
  ...CLOUD_TOOLS,
  ...HOSTING_TOOLS,
  ...GIT_TOOLS,
  ...TUNNEL_TOOLS,
];

/** The HTTP APIs of the catalogue (search clusters, hosting control planes). */
export const HTTP_API_CATALOGUE: readonly HttpApiEntry[] = [...DATASTORE_APIS, ...CLOUD_APIS];

/** The families, in catalogue order. */
export const TOOL_FAMILIES: readonly ToolFamily[] = [
  'orm',
  'datastore',
  'containers',
  'cloud',
  'git',
  'tunnels',
];
