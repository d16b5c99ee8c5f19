import { parseCpuCores, parseMemoryBytes } from '../../pipeline/units/kubernetes-quantity.js';
import { workloadRequestSchema } from '../../schemas/definitions/workload-request.js';

const HOUR_MS = 3_600_000;

/** A workload request after validation, with quantities in base units and times in epoch ms. */
export interface AllocationRequest {
  requestId: string;
  cpuCores: number;
  memoryBytes: number;
  priority: 'low' | 'medium' | 'high';
  /** Most average power the workload may add, in watts (the request's max_energy_consumption). */
  maxAddedPowerW: number;
  durationHours: number;
  /** Allowed regions; null allows every configured region. */
  regions: readonly string[] | null;
  notBeforeMs: number;
  deadlineMs: number | null;
  target: 'ec2' | 'eks' | null;
  labels: Readonly<Record<string, string>>;
}

export interface InvalidField {
  field: string;
  message: string;
}

export type RequestValidation =
  | { ok: true; request: AllocationRequest }
  | { ok: false; requestId: string | null; invalidFields: InvalidField[] };

/**
 * Validates one workload request message. Every invalid field is listed; nothing invalid is
 * replaced by a default. The id is the message's request_id, else the record key.
 *
 * @param value the decoded JSON value, of any shape
 * @param key the record key (the request id when the message has none)
 * @param eventTimeMs the record's event time, the start when not_before is absent
 */
export function validateWorkloadRequest(
  value: unknown,
  key: string | null,
  eventTimeMs: number,
): RequestValidation {
  const requestId = requestIdOf(value, key);
  const parsed = workloadRequestSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, requestId, invalidFields: parsed.error.issues.flatMap(issueFields) };
  }

  const body = parsed.data;
  const invalidFields: InvalidField[] = [];
  if (body.request_id !== undefined && key !== null && body.request_id !== key) {
    invalidFields.push({ field: 'request_id', message: `must equal the record key "${key}"` });
  }
  if (requestId === null) {
    invalidFields.push({ field: 'request_id', message: 'is missing and the record has no key' });
  }

  const durationHours = body.duration_hours ?? 1;
  const notBeforeMs = body.not_before === undefined ? eventTimeMs : Date.parse(body.not_before);
  const deadlineMs = body.deadline === undefined ? null : Date.parse(body.deadline);
  if (deadlineMs !== null && deadlineMs < notBeforeMs + durationHours * HOUR_MS) {
    invalidFields.push({
      field: 'deadline',
      message: `must be at least duration_hours (${durationHours} h) after not_before`,
    });
  }
  if (invalidFields.length > 0 || requestId === null) {
    return { ok: false, requestId, invalidFields };
  }

  // The schema has already run both parsers, so these results are ok.
  const cpu = parseCpuCores(body.cpu_request);
  const memory = parseMemoryBytes(body.memory_request);
  if (!cpu.ok || !memory.ok) {
    throw new Error('quantity parse disagrees with the schema check');
  }
  return {
    ok: true,
    request: {
      requestId,
      cpuCores: cpu.value,
      memoryBytes: memory.value,
      priority: body.priority,
      maxAddedPowerW: body.max_energy_consumption,
      durationHours,
      regions: body.regions === undefined ? null : [...new Set(body.regions)].sort(),
      notBeforeMs,
      deadlineMs,
      target: body.target ?? null,
      labels: body.labels ?? {},
    },
  };
}

/** True when the deadline leaves room to start later than not_before. */
export function isDeferrable(request: AllocationRequest): boolean {
  return (
    request.priority !== 'high' &&
    request.deadlineMs !== null &&
    request.deadlineMs > request.notBeforeMs + request.durationHours * HOUR_MS
  );
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(value: unknown, key: string | null): string | null {
  if (typeof value === 'object' && value !== null && 'request_id' in value) {
    const id = value.request_id;
    if (typeof id === 'string' && REQUEST_ID_PATTERN.test(id)) {
      return id;
    }
  }
  return key;
}

interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

function issueFields(issue: SchemaIssue): InvalidField[] {
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
    return issue.keys.map((key) => ({
      field: [...issue.path, key].join('.'),
      message: 'is not a known field',
    }));
  }
  const field = issue.path.length === 0 ? '(message)' : issue.path.map(String).join('.');
  return [{ field, message: issue.message }];
}
