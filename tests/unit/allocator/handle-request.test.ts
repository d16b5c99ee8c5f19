import type { DecodedRecord } from '../../../pipeline/runner/stage.js';
import { createDecisionLedger } from '../../../stages/allocator/decision-ledger.js';
import { handleRequestRecord, type RequestHandlerContext } from '../../../stages/allocator/handle-request.js';
import { fixtureConfig, fixtureEnergyModel, stateWithCarbon } from './allocator-fixtures.js';

const T0 = Date.parse('2026-12-04T10:00:00Z');

function context(): RequestHandlerContext {
  return {
    state: stateWithCarbon('us-east-1', T0, new Array<number>(24).fill(300)),
    ledger: createDecisionLedger(),
    model: fixtureEnergyModel(),
    config: fixtureConfig(),
    defaultRegions: ['us-east-1'],
    decisionsTopic: 'test.decisions',
  };
}

function record(value: unknown, key: string | null, offset: string): DecodedRecord {
  return { topic: 'test.requests', partition: 0, offset, key, value, headers: {}, timestamp: T0 };
}

const BODY = { cpu_request: 1, memory_request: '1Gi', priority: 'medium', max_energy_consumption: 100 };

describe('handleRequestRecord', () => {
  test('duplicate request id decided once', () => {
    const shared = context();
    const first = handleRequestRecord(shared, record({ ...BODY, request_id: 'dup-1' }, 'dup-1', '0'));
    const second = handleRequestRecord(
      shared,
      record({ ...BODY, request_id: 'dup-1', cpu_request: 2 }, 'dup-1', '1'),
    );
    expect(first.kind).toBe('decided');
    expect(second).toEqual({ kind: 'duplicate', requestId: 'dup-1' });
  });

  test('redelivered record gets identical decision', () => {
    const shared = context();
    const first = handleRequestRecord(shared, record(BODY, 'same-1', '5'));
    const again = handleRequestRecord(shared, record(BODY, 'same-1', '5'));
    expect(first.kind).toBe('decided');
    expect(again.kind).toBe('redelivered');
    if (first.kind !== 'decided' || again.kind !== 'redelivered') {
      throw new Error(`expected decided then redelivered, got ${first.kind} then ${again.kind}`);
    }
    expect(again.output).toEqual(first.output);
  });

  test('id restored from decisions topic not decided again', () => {
    const shared = context();
    shared.ledger.restore('old-1');
    expect(handleRequestRecord(shared, record(BODY, 'old-1', '9')).kind).toBe('duplicate');
  });

  test('key used when request_id absent', () => {
    const handled = handleRequestRecord(context(), record(BODY, 'from-key', '0'));
    expect(handled.kind).toBe('decided');
    if (handled.kind !== 'decided') {
      throw new Error(`expected a decision, got ${handled.kind}`);
    }
    expect(handled.decision.request_id).toBe('from-key');
  });

  test('invalid request rejected naming fields', () => {
    const handled = handleRequestRecord(
      context(),
      record({ ...BODY, priority: 'urgent', memory_request: '400m' }, 'bad-1', '0'),
    );
    expect(handled.kind).toBe('decided');
    const decision = handled.kind === 'decided' ? handled.decision : undefined;
    expect(decision?.status).toBe('rejected');
    expect(decision?.invalid_fields.map((issue) => issue.field).sort()).toEqual([
      'memory_request',
      'priority',
    ]);
    expect(decision?.decided_at).toBe(new Date(T0).toISOString());
  });

  test('non-object message rejected as decision', () => {
    const handled = handleRequestRecord(context(), record(42, 'num-1', '0'));
    expect(handled.kind).toBe('decided');
    if (handled.kind !== 'decided') {
      throw new Error(`expected a decision, got ${handled.kind}`);
    }
    expect(handled.decision.invalid_fields[0]?.field).toBe('(message)');
  });

  test('no id and no key dead-lettered', () => {
    expect(handleRequestRecord(context(), record(BODY, null, '0')).kind).toBe('unidentifiable');
  });
});
