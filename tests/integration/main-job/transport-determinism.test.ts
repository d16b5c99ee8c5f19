// The same replay slice through the allocator on the embedded transport and on Kafka gives the same
// decision for every request. The test compares status, target and start time per request id. It
// leaves out the other fields, although the allocator stamps even decided_at from event time.
import { jest } from '@jest/globals';
import { Registry } from 'prom-client';
import { runPipeline } from '../../../pipeline/cli/run-pipeline.js';
import type { RunExtension } from '../../../pipeline/cli/run-extensions.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import type { Decision } from '../../../schemas/definitions/decision.js';
import { createAllocatorStage } from '../../../stages/allocator/allocator-stage.js';
import { workloadReplaySource } from '../../../stages/replay/workload-replay.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import { silent } from '../runner/runner-fixtures.js';
import { uniqueName, waitFor } from '../transport/poll.js';

jest.setTimeout(180_000);

/**
 * Three simulated hours of the request trace, replayed as fast as possible, with no utilization or
 * carbon replay. NOTE: the slice leaves out every input that reaches the allocator on another topic
 * (inventory, carbon, forecasts, the executor's launches). Whether such a record is applied before a
 * request depends on delivery timing, which differs between the transports, so only a slice without
 * them is decided identically.
 */
function sliceConfig(kind: 'embedded' | 'kafka'): EaawasConfig {
  return loadConfig({
    env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS },
    overrides: {
      transport: { kind, topic_prefix: `${uniqueName('main-job')}.`, partitions: 2 },
      logging: { level: 'silent' },
      sources: {
        mode: 'replay',
        replay: {
          seed: 7,
          speed: 0,
          start_time: '2023-03-06T00:00:00Z',
          start_offset_s: 0,
          end_offset_s: 3 * 3600,
          utilization: { enabled: false },
          carbon: { enabled: false },
          workload: { enabled: true, sample_fraction: 0.01 },
        },
      },
    },
  });
}

interface ComparedDecision {
  status: string;
  target: string | null;
  startTime: string | null;
}

function compared(decision: Decision): ComparedDecision {
  return {
    status: decision.status,
    target: decision.target === null ? null : JSON.stringify(decision.target),
    startTime: decision.start_time,
  };
}

/** Collects the latest decision per request id from the decisions topic. */
function decisionCollector(decisions: Map<string, ComparedDecision>): RunExtension {
  return {
    name: 'decision-collector',
    async start(runtime) {
      const consumer = runtime.transport.consumer({
        groupId: `${runtime.config.transport.topic_prefix}collector`,
        topics: [runtime.topics.decisions],
        fromBeginning: true,
      });
      await consumer.run((batch) => {
        for (const record of batch.records) {
          if (record.key !== null && record.value !== null) {
            decisions.set(record.key, compared(JSON.parse(record.value.toString('utf8')) as Decision));
          }
        }
        return Promise.resolve();
      });
      return { stop: () => consumer.close() };
    },
  };
}

async function publishedRequests(registry: Registry): Promise<number> {
  const metric = registry.getSingleMetric(METRIC_NAMES.collectorRecordsPublished);
  const values = (await metric?.get())?.values ?? [];
  return values
    .filter((entry) => entry.labels.stage === 'workload-replay')
    .reduce((sum, entry) => sum + entry.value, 0);
}

/** Runs the slice on one transport until every published request has its decision. */
async function decideSlice(kind: 'embedded' | 'kafka'): Promise<Map<string, ComparedDecision>> {
  const config = sliceConfig(kind);
  const decisions = new Map<string, ComparedDecision>();
  const registry = new Registry();
  if (kind === 'kafka') {
    // As `eaawas topics create` does before a Kafka run; the embedded run creates its own topics.
    const admin = createTransport(config, { logger: silent, registry: new Registry(), clock: systemClock });
    await admin.connect();
    await createPipelineTopics(admin, config);
    await admin.close();
  }
  const stop = new AbortController();
  let finished = false;
  const running = runPipeline({
    config,
    stages: [createAllocatorStage()],
    sources: [workloadReplaySource],
    extensions: [decisionCollector(decisions)],
    stop: stop.signal,
    logger: silent,
    registry,
  }).finally(() => (finished = true));
  try {
    await waitFor(
      `a decision for every replayed request on ${kind}`,
      async () => {
        const published = await publishedRequests(registry);
        return finished || (published > 0 && decisions.size >= published);
      },
      120_000,
      200,
    );
  } finally {
    stop.abort();
  }
  const outcome = await running;
  if (outcome.status === 'failed') {
    throw new Error(`the ${kind} run failed in ${outcome.component}`, { cause: outcome.error });
  }
  return decisions;
}

describe('main job on both transports', () => {
  test('replayed slice gives identical decisions', async () => {
    const embedded = await decideSlice('embedded');
    const kafka = await decideSlice('kafka');

    expect(embedded.size).toBeGreaterThan(10);
    expect([...kafka.keys()].sort()).toEqual([...embedded.keys()].sort());
    for (const [requestId, decision] of embedded) {
      expect({ requestId, ...kafka.get(requestId) }).toEqual({ requestId, ...decision });
    }
    const statuses = new Set([...embedded.values()].map((decision) => decision.status));
    expect(statuses.size).toBeGreaterThan(1);
  });
});
