import pino from 'pino';
import { Registry } from 'prom-client';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import { buildSeedMessages, produceSeedMessages } from './seed-messages.js';
import { startTestApi, waitUntil, type TestApi } from './api-test-harness.js';

describe.each(['embedded', 'kafka'] as const)('readiness on %s transport', (kind) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ transport: kind, createTopics: false });
  });

  afterAll(async () => {
    await api.close();
  });

  test('ready is 503 until caught up', async () => {
    // The topics do not exist yet, so the catch-up cannot finish.
    const before = await fetch(`${api.api.url}/ready`);
    expect(before.status).toBe(503);
    const body = (await before.json()) as { ready: boolean; state_caught_up: boolean; reason: string };
    expect(body.ready).toBe(false);
    expect(body.state_caught_up).toBe(false);
    expect(body.reason).toMatch(/catch/);
    expect((await fetch(`${api.api.url}/health`)).status).toBe(200);

    // Another process creates and fills the topics; on Kafka it has its own clients, as an
    // operator running `eaawas topics create` would.
    const operator =
      kind === 'kafka'
        ? createTransport(api.config, {
            logger: pino({ level: 'silent' }),
            registry: new Registry(),
            clientName: 'operator',
          })
        : api.transport;
    await operator.connect();
    await createPipelineTopics(operator, api.config);
    await produceSeedMessages(operator, api.topics, buildSeedMessages(Date.now()));
    if (operator !== api.transport) {
      await operator.close();
    }
    await waitUntil(
      async () => (await fetch(`${api.api.url}/ready`)).status === 200,
      60_000,
      '/ready to answer 200',
    );

    const resources = (await (await fetch(`${api.api.url}/resources`)).json()) as { total: number };
    expect(resources.total).toBe(4);
    const metrics = await (await fetch(`${api.api.url}/metrics`)).text();
    expect(metrics).toMatch(/^eaawas_api_state_caught_up 1$/m);
  });
});
