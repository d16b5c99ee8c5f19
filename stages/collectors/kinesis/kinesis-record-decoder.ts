import type { ErrorCode } from '../../../pipeline/errors/error-codes.js';
import {
  type Sample,
  sampleSchema,
  type WorkloadRequest,
  workloadRequestSchema,
} from '../../../schemas/definitions/index.js';

/** Position of a Kinesis record in its stream, which makes generated request ids deterministic. */
export interface KinesisRecordPosition {
  shardId: string;
  sequenceNumber: string;
}

/** A decoded Kinesis record: a sample, a workload request, or the reason it was rejected. */
export type DecodedKinesisRecord =
  | { kind: 'sample'; value: Sample }
  | { kind: 'workload_request'; value: WorkloadRequest & { request_id: string } }
  | {
      kind: 'rejected';
      code: Extract<ErrorCode, 'MESSAGE_DECODE_FAILED' | 'MESSAGE_INVALID'>;
      reason: string;
    };

const SAMPLE_FIELDS = ['metric', 'resource_id', 'event_time'];
const REQUEST_FIELDS = ['cpu_request', 'memory_request', 'max_energy_consumption'];

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Decodes one Kinesis record's data as UTF-8 JSON. An object with any of `metric`, `resource_id`
 * or `event_time` is a sample (its `source` defaults to `kinesis`); one with any of `cpu_request`,
 * `memory_request` or `max_energy_consumption` is a workload request, whose missing `request_id`
 * becomes `kinesis-<shard>-<sequence number>` so that a record read twice keeps its id. Anything
 * else is rejected with the reason.
 */
export function decodeKinesisRecord(data: Uint8Array, position: KinesisRecordPosition): DecodedKinesisRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch (error) {
    return {
      kind: 'rejected',
      code: 'MESSAGE_DECODE_FAILED',
      reason: `not valid JSON: ${(error as Error).message}`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'rejected', code: 'MESSAGE_INVALID', reason: 'the record is not a JSON object' };
  }
  const fields = parsed as Record<string, unknown>;
  const looksLikeSample = SAMPLE_FIELDS.some((field) => field in fields);
  const looksLikeRequest = REQUEST_FIELDS.some((field) => field in fields);
  if (looksLikeSample && !looksLikeRequest) {
    const result = sampleSchema.safeParse({ source: 'kinesis', ...fields });
    return result.success
      ? { kind: 'sample', value: result.data }
      : {
          kind: 'rejected',
          code: 'MESSAGE_INVALID',
          reason: `invalid sample: ${describeIssues(result.error.issues)}`,
        };
  }
  if (looksLikeRequest && !looksLikeSample) {
    const generatedId = `kinesis-${position.shardId}-${position.sequenceNumber}`;
    const result = workloadRequestSchema.safeParse({
      ...fields,
      request_id: fields['request_id'] ?? generatedId,
    });
    return result.success
      ? {
          kind: 'workload_request',
          value: { ...result.data, request_id: result.data.request_id ?? generatedId },
        }
      : {
          kind: 'rejected',
          code: 'MESSAGE_INVALID',
          reason: `invalid workload request: ${describeIssues(result.error.issues)}`,
        };
  }
  return {
    kind: 'rejected',
    code: 'MESSAGE_INVALID',
    reason: looksLikeSample
      ? 'the record has fields of both a sample and a workload request'
      : 'the record is neither a sample (metric, resource_id) nor a workload request (cpu_request, memory_request)',
  };
}
