import { describe, expect, it } from '@jest/globals';
import { decodeKinesisRecord } from '../../../stages/collectors/kinesis/kinesis-record-decoder.js';

const position = {
  shardId: 'shardId-000000000001',
  sequenceNumber: '49590338271490256608559692538361571095921575989136588817',
};
const bytes = (value: unknown): Uint8Array =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

const sample = {
  resource_id: 'i-0abc',
  resource_type: 'ec2_instance',
  region: 'us-east-1',
  metric: 'cpu_utilization',
  unit: 'percent',
  value: 37.5,
  event_time: '2026-12-04T10:00:00.000Z',
  period_s: 60,
};

describe('decodeKinesisRecord', () => {
  it('decodes a sample with kinesis source', () => {
    const decoded = decodeKinesisRecord(bytes(sample), position);

    expect(decoded).toEqual({ kind: 'sample', value: { ...sample, source: 'kinesis' } });
  });

  it('keeps a request id that is given', () => {
    const request = {
      request_id: 'job-7',
      cpu_request: 2,
      memory_request: '4Gi',
      priority: 'low',
      max_energy_consumption: 50,
    };

    const decoded = decodeKinesisRecord(bytes(request), position);

    expect(decoded.kind).toBe('workload_request');
    if (decoded.kind !== 'workload_request') {
      throw new Error(`expected a workload request, got ${decoded.kind}`);
    }
    expect(decoded.value.request_id).toBe('job-7');
  });

  it('derives a missing request id from the position', () => {
    const request = {
      cpu_request: '500m',
      memory_request: '512Mi',
      priority: 'high',
      max_energy_consumption: 20,
    };

    const decoded = decodeKinesisRecord(bytes(request), position);

    expect(decoded.kind).toBe('workload_request');
    if (decoded.kind !== 'workload_request') {
      throw new Error(`expected a workload request, got ${decoded.kind}`);
    }
    expect(decoded.value.request_id).toBe(`kinesis-${position.shardId}-${position.sequenceNumber}`);
  });

  it.each([
    ['not JSON', '{"resource_id": ', 'MESSAGE_DECODE_FAILED'],
    ['a JSON array', '[1, 2]', 'MESSAGE_INVALID'],
    ['an unknown object', '{"hello": "world"}', 'MESSAGE_INVALID'],
    ['a percent above 100', JSON.stringify({ ...sample, value: 180 }), 'MESSAGE_INVALID'],
    ['mixed fields', JSON.stringify({ ...sample, cpu_request: 2 }), 'MESSAGE_INVALID'],
  ])('rejects %s', (_case, text, code) => {
    const decoded = decodeKinesisRecord(bytes(text), position);

    expect(decoded.kind).toBe('rejected');
    if (decoded.kind !== 'rejected') {
      throw new Error(`expected a rejection, got ${decoded.kind}`);
    }
    expect(decoded.code).toBe(code);
  });
});
