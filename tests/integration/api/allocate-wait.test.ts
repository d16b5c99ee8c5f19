import { randomBytes } from 'node:crypto';
import type { Consumer, Producer } from '../../../pipeline/transport/transport.js';
import { seedDecision } from './seed-messages.js';
import { startTestApi, waitUntil, type TestApi } from './api-test-harness.js';

const request = {
  cpu_request: '500m',
  memory_request: '512Mi',
  priority: 'low',
  max_energy_consumption: 20,
  deadline: '2026-12-05T06:00:00Z',
};

/**
 * Stands in for the allocator: publishes a deferred decision for each workload request, or none
 * while `paused`.
 */
async function startResponder(
  api: TestApi,
): Promise<{ consumer: Consumer; producer: Producer; paused: { value: boolean } }> {
  const producer = await api.transport.producer();
  const paused = { value: false };
  const consumer = api.transport.consumer({
    groupId: `${api.config.transport.topic_prefix}responder.${randomBytes(3).toString('hex')}`,
    topics: [api.topics.workloadRequests],
    fromBeginning: true,
  });
  void consumer.run(async (batch) => {
    const decisions = paused.value
      ? []
      : batch.records.map((record) => {
          const body = JSON.parse(record.value!.toString('utf8')) as { request_id: string };
          const decision = seedDecision(
            body.request_id,
            'deferred',
            'i-0a1b2c3d4e5f60003',
            'eu-north-1',
            'Deferred to 03:00Z, when SE-SE3 is cleanest.',
            Date.now(),
          );
          return { key: body.request_id, value: JSON.stringify(decision) };
        });
    if (decisions.length > 0) {
      await producer.send(api.topics.decisions, decisions);
    }
    const last = batch.records.at(-1);
    if (last !== undefined) {
      await consumer.commit([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
    }
  });
  return { consumer, producer, paused };
}

async function allocate(api: TestApi, body: object, query = '') {
  const startedAt = Date.now();
  const response = await fetch(`${api.api.url}/workload/allocate${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    elapsedMs: Date.now() - startedAt,
  };
}

describe.each(['embedded', 'kafka'] as const)('allocate wait on %s transport', (kind) => {
  let api: TestApi;
  let responder: Awaited<ReturnType<typeof startResponder>>;
  const waitMs = kind === 'kafka' ? 20_000 : 5_000;

  beforeAll(async () => {
    api = await startTestApi({ transport: kind, api: { allocate_wait_ms: waitMs } });
    await api.api.whenReady();
    responder = await startResponder(api);
  });

  afterAll(async () => {
    await responder.consumer.close();
    await responder.producer.close();
    await api.close();
  });

  test('decision within wait is 200', async () => {
    const requestId = `wait-${randomBytes(4).toString('hex')}`;
    const response = await allocate(api, { ...request, request_id: requestId });
    expect(response.status).toBe(200);
    expect(response.body.request_id).toBe(requestId);
    expect(response.body.status).toBe('deferred');
    expect(response.elapsedMs).toBeLessThan(waitMs);
  });

  test('decision after wait is 202 then polled', async () => {
    responder.paused.value = true;
    const requestId = `late-${randomBytes(4).toString('hex')}`;
    const response = await allocate(api, { ...request, request_id: requestId }, '?wait_ms=300');
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      request_id: requestId,
      status: 'pending',
      poll_url: `/allocations/${requestId}`,
    });

    const before = await fetch(`${api.api.url}/allocations/${requestId}`);
    expect(before.status).toBe(404);

    // The allocator catches up: its decision arrives after the wait ended.
    const producer = await api.transport.producer();
    const decision = seedDecision(
      requestId,
      'placed',
      'i-0a1b2c3d4e5f60003',
      'eu-north-1',
      'Placed on the least loaded eu-north-1 instance.',
      Date.now(),
    );
    await producer.send(api.topics.decisions, [{ key: requestId, value: JSON.stringify(decision) }]);
    await producer.close();
    let polled: Response | undefined;
    await waitUntil(
      async () => {
        polled = await fetch(`${api.api.url}/allocations/${requestId}`);
        return polled.status === 200;
      },
      15_000,
      'the late decision to be served',
    );
    expect(((await polled!.json()) as { status: string }).status).toBe('placed');
    responder.paused.value = false;
  });
});
