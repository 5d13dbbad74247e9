/**
 * OpenLineage object model, spec version 2-0-2, written from the spec's JSON Schema
 * (https://openlineage.io/spec/2-0-2/OpenLineage.json): `RunEvent` and what it holds. No official
 * TypeScript client exists, so these types are hand-written and checked against
 * {@link RUN_EVENT_SCHEMA} (see `schema.ts`) in tests and by the team store on ingest.
 */

/** `$id` of the spec's RunEvent definition: the value of {@link RunEvent.schemaURL}. */
export const RUN_EVENT_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/** Railguard's producer URI (`producer` of events, `_producer` of facets). */
export const RAILGUARD_PRODUCER = 'https://github.com/railguard/railguard/tree/v0.1.0';

/**
 * Run state transitions (spec `RunEvent.eventType`): START, RUNNING, COMPLETE, ABORT, FAIL,
 * OTHER. COMPLETE, ABORT and FAIL are terminal.
 */
export type EventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

export const EVENT_TYPES: readonly EventType[] = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'];

/** Spec `BaseFacet`: every facet names its producer and the schema of its own shape. */
export interface BaseFacet {
  /** URI of the code that produced the facet. */
  _producer: string;
  /** URI of the JSON Schema (with `#/$defs/…` fragment) the facet conforms to. */
  _schemaURL: string;
  [key: string]: unknown;
}

/** Spec `JobFacet` / `DatasetFacet`: a base facet that may mark itself deleted. */
export interface DeletableFacet extends BaseFacet {
  _deleted?: boolean;
}

/** Spec `Run`: `runId` is a UUID (the spec recommends UUIDv7; any UUID validates). */
export interface Run {
  runId: string;
  facets?: Record<string, BaseFacet>;
}

/** Spec `Job`: identified by `namespace` + `name`. */
export interface Job {
  namespace: string;
  name: string;
  facets?: Record<string, DeletableFacet>;
}

/**
 * Spec `Dataset`: `namespace` names the data source (`postgres://host:5432`), `name` the object
 * inside it (`db.schema.table`), per the OpenLineage naming conventions
 * (https://openlineage.io/docs/spec/naming).
 */
export interface Dataset {
  namespace: string;
  name: string;
  facets?: Record<string, DeletableFacet>;
}

/** Spec `InputDataset`. */
export interface InputDataset extends Dataset {
  inputFacets?: Record<string, BaseFacet>;
}

/** Spec `OutputDataset`. */
export interface OutputDataset extends Dataset {
  outputFacets?: Record<string, BaseFacet>;
}

/** Spec `RunEvent` (BaseEvent + run state). `eventTime` is ISO 8601 with offset. */
export interface RunEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
  eventType?: EventType;
  run: Run;
  job: Job;
  inputs?: InputDataset[];
  outputs?: OutputDataset[];
}

/** Spec `SQLJobFacet` (facets/1-1-0): the query text (Railguard stores the masked fingerprint). */
export interface SqlJobFacet extends DeletableFacet {
  query: string;
  dialect?: string;
}

export const SQL_JOB_FACET_SCHEMA_URL =
  'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet';

/** Spec `JobTypeJobFacet` (facets/2-0-3). */
export interface JobTypeJobFacet extends DeletableFacet {
  processingType: 'BATCH' | 'STREAMING';
  integration: string;
  jobType?: string;
}

export const JOB_TYPE_FACET_SCHEMA_URL =
  'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet';

/** Spec `ErrorMessageRunFacet` (facets/1-0-1), set on FAIL events. */
export interface ErrorMessageRunFacet extends BaseFacet {
  message: string;
  programmingLanguage: string;
  stackTrace?: string;
}

export const ERROR_MESSAGE_FACET_SCHEMA_URL =
  'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet';

/**
 * Railguard's custom run facet `railguard_actor` (custom facets carry a prefixed name plus
 * `_producer`/`_schemaURL`, per the spec's "Custom Facets" section): who ran the action and
 * which decision let it run. Values are masked before they are stored.
 */
export interface RailguardActorRunFacet extends BaseFacet {
  actorType: 'human' | 'agent';
  /** Agent name or human user name. */
  actor: string;
  /** The human an agent acts for, when known. */
  onBehalfOf?: string;
  /** Agent name when `actorType` is `agent`. */
  agent?: string;
  sessionId?: string;
  environment: string;
  decisionId?: string;
  /** The decided effect (`allow`, `warn`, `ask` + approval). */
  effect: string;
  approved?: boolean;
  policySetHash?: string;
}

export const RAILGUARD_ACTOR_FACET_SCHEMA_URL =
  'https://railguard.dev/spec/facets/1-0-0/RailguardActorRunFacet.json#/$defs/RailguardActorRunFacet';
