import Ajv2020 from 'ajv/dist/2020';
import type { RunEvent } from './openlineage';

/**
 * JSON Schema (draft 2020-12) of an OpenLineage RunEvent, written from the spec's
 * `https://openlineage.io/spec/2-0-2/OpenLineage.json` (`BaseEvent`, `RunEvent`, `Run`, `Job`,
 * `Dataset`, `InputDataset`, `OutputDataset`, `BaseFacet`, `RunFacet`, `JobFacet`,
 * `DatasetFacet`), plus the facets Railguard writes: `SQLJobFacet` (facets/1-1-0) and the custom
 * `RailguardActorRunFacet`. Used by the tests and by the team store to reject malformed events.
 */
export const RUN_EVENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://openlineage.io/spec/2-0-2/OpenLineage.json',
  $ref: '#/$defs/RunEvent',
  $defs: {
    BaseEvent: {
      type: 'object',
      properties: {
        eventTime: { type: 'string', format: 'date-time' },
        producer: { type: 'string', format: 'uri' },
        schemaURL: { type: 'string', format: 'uri' },
      },
      required: ['eventTime', 'producer', 'schemaURL'],
    },
    BaseFacet: {
      type: 'object',
      properties: {
        _producer: { type: 'string', format: 'uri' },
        _schemaURL: { type: 'string', format: 'uri' },
      },
      additionalProperties: true,
      required: ['_producer', '_schemaURL'],
    },
    RunFacet: { type: 'object', allOf: [{ $ref: '#/$defs/BaseFacet' }] },
    JobFacet: {
      type: 'object',
      allOf: [
        { $ref: '#/$defs/BaseFacet' },
        { type: 'object', properties: { _deleted: { type: 'boolean' } } },
      ],
    },
    DatasetFacet: {
      type: 'object',
      allOf: [
        { $ref: '#/$defs/BaseFacet' },
        { type: 'object', properties: { _deleted: { type: 'boolean' } } },
      ],
    },
    InputDatasetFacet: { type: 'object', allOf: [{ $ref: '#/$defs/BaseFacet' }] },
    OutputDatasetFacet: { type: 'object', allOf: [{ $ref: '#/$defs/BaseFacet' }] },
    Run: {
      type: 'object',
      properties: {
        runId: { type: 'string', format: 'uuid' },
        facets: {
          type: 'object',
          properties: { railguard_actor: { $ref: '#/$defs/RailguardActorRunFacet' } },
          additionalProperties: { $ref: '#/$defs/RunFacet' },
        },
      },
      required: ['runId'],
    },
    Job: {
      type: 'object',
      properties: {
        namespace: { type: 'string' },
        name: { type: 'string' },
        facets: {
          type: 'object',
          properties: { sql: { $ref: '#/$defs/SQLJobFacet' } },
          additionalProperties: { $ref: '#/$defs/JobFacet' },
        },
      },
      required: ['namespace', 'name'],
    },
    Dataset: {
      type: 'object',
      properties: {
        namespace: { type: 'string' },
        name: { type: 'string' },
        facets: { type: 'object', additionalProperties: { $ref: '#/$defs/DatasetFacet' } },
      },
      required: ['namespace', 'name'],
    },
    InputDataset: {
      type: 'object',
      allOf: [
        { $ref: '#/$defs/Dataset' },
        {
          type: 'object',
          properties: {
            inputFacets: { type: 'object', additionalProperties: { $ref: '#/$defs/InputDatasetFacet' } },
          },
        },
      ],
    },
    OutputDataset: {
      type: 'object',
      allOf: [
        { $ref: '#/$defs/Dataset' },
        {
          type: 'object',
          properties: {
            outputFacets: { type: 'object', additionalProperties: { $ref: '#/$defs/OutputDatasetFacet' } },
          },
        },
      ],
    },
    RunEvent: {
      allOf: [
        { $ref: '#/$defs/BaseEvent' },
        {
          type: 'object',
          properties: {
            eventType: { type: 'string', enum: ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] },
            run: { $ref: '#/$defs/Run' },
            job: { $ref: '#/$defs/Job' },
            inputs: { type: 'array', items: { $ref: '#/$defs/InputDataset' } },
            outputs: { type: 'array', items: { $ref: '#/$defs/OutputDataset' } },
          },
          required: ['run', 'job'],
        },
      ],
    },
    SQLJobFacet: {
      allOf: [
        { $ref: '#/$defs/JobFacet' },
        {
          type: 'object',
          properties: { query: { type: 'string' }, dialect: { type: 'string' } },
          required: ['query'],
        },
      ],
    },
    RailguardActorRunFacet: {
      allOf: [
        { $ref: '#/$defs/RunFacet' },
        {
          type: 'object',
          properties: {
            actorType: { enum: ['human', 'agent'] },
            actor: { type: 'string' },
            onBehalfOf: { type: 'string' },
            agent: { type: 'string' },
            sessionId: { type: 'string' },
            environment: { type: 'string' },
            decisionId: { type: 'string' },
            effect: { type: 'string' },
            approved: { type: 'boolean' },
            policySetHash: { type: 'string' },
          },
          required: ['actorType', 'actor', 'environment', 'effect'],
        },
      ],
    },
  },
} as const;

/** Result of validating one value as a RunEvent. `errors` are `instancePath message` strings. */
export type RunEventValidation = { ok: true; event: RunEvent } | { ok: false; errors: string[] };

/** A compiled validator: checks a value against {@link RUN_EVENT_SCHEMA}. Never throws. */
export type RunEventValidator = (value: unknown) => RunEventValidation;

/** RFC 3339 `date-time` (the spec's `eventTime` format): date, `T`, time, fraction, zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3986 absolute URI: a scheme, `:`, no whitespace. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

/**
 * Compiles {@link RUN_EVENT_SCHEMA} with Ajv (formats `date-time`, `uuid`, `uri` as above).
 * Compile once and reuse the function.
 */
export function createRunEventValidator(): RunEventValidator {
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('uri', URI);
  const validate = ajv.compile(RUN_EVENT_SCHEMA);
  return (value) => {
    if (validate(value)) return { ok: true, event: value as RunEvent };
    const errors = (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
    );
    return { ok: false, errors };
  };
}
