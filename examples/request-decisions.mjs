// Sends workload requests to a running EAAWAS (`eaawas run --transport kafka`) and prints the
// decision the allocator publishes for each one. Plain kafkajs, no EAAWAS code, so any Kafka client
// can do the same.
//
//   node examples/request-decisions.mjs                  # 3 requests on 127.0.0.1:9092, prefix eaawas.
//   KAFKA_BROKERS=host:9092 TOPIC_PREFIX=demo. REQUESTS=5 node examples/request-decisions.mjs
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const prefix = process.env.TOPIC_PREFIX ?? 'eaawas.';
const requestCount = Number(process.env.REQUESTS ?? '3');
// The allocator decides within a second when it keeps up; 60 s covers a rebalance after start-up.
const timeoutMs = Number(process.env.TIMEOUT_MS ?? '60000');

const requestsTopic = `${prefix}workload.requests`;
const decisionsTopic = `${prefix}allocation.decisions`;
const kafka = new Kafka({ clientId: 'eaawas-example', brokers, logLevel: logLevel.WARN });

/** Builds one request of schemas/workload.requests.schema.json; request_id is the idempotency key. */
function workloadRequest(index) {
  return {
    request_id: `example-${randomUUID()}`,
    cpu_request: 2,
    memory_request: '4Gi',
    priority: ['high', 'medium', 'low'][index % 3],
    max_energy_consumption: 40,
    duration_hours: 2,
    // A low-priority request with a deadline a day away may be deferred to a greener hour.
    deadline: new Date(Date.now() + 24 * 3_600_000).toISOString(),
    labels: { source: 'examples/request-decisions.mjs' },
  };
}

const requests = Array.from({ length: requestCount }, (_, index) => workloadRequest(index));
const pending = new Set(requests.map((request) => request.request_id));

// Subscribe before producing, from the end of the topic, so only this run's decisions are read.
const consumer = kafka.consumer({ groupId: `eaawas-example-${randomUUID()}` });
await consumer.connect();
await consumer.subscribe({ topic: decisionsTopic, fromBeginning: false });
let assigned = false;
consumer.on(consumer.events.GROUP_JOIN, () => (assigned = true));

const allDecided = new Promise((resolve) => {
  void consumer.run({
    eachMessage: async ({ message }) => {
      const requestId = message.key?.toString();
      if (requestId === undefined || !pending.has(requestId) || message.value === null) {
        return;
      }
      const decision = JSON.parse(message.value.toString());
      pending.delete(requestId);
      const target = decision.target === null ? '-' : JSON.stringify(decision.target);
      console.log(
        `${requestId} ${decision.status} target=${target} start=${decision.start_time ?? '-'}` +
          ` carbon_g=${decision.carbon_gco2e ?? '-'}\n  ${decision.reason}`,
      );
      if (pending.size === 0) {
        resolve();
      }
    },
  });
});

const joinDeadline = Date.now() + timeoutMs;
while (!assigned && Date.now() < joinDeadline) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// The default partitioner hashes keys with murmur2 as Java clients and EAAWAS do.
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
await producer.send({
  topic: requestsTopic,
  messages: requests.map((request) => ({ key: request.request_id, value: JSON.stringify(request) })),
});
await producer.disconnect();
console.log(
  `sent ${requests.length} requests to ${requestsTopic}; waiting for decisions on ${decisionsTopic}`,
);

let timer;
const timedOut = new Promise((resolve) => {
  timer = setTimeout(resolve, timeoutMs);
});
await Promise.race([allDecided, timedOut]);
clearTimeout(timer);
await consumer.disconnect();
if (pending.size > 0) {
  console.error(
    `no decision within ${timeoutMs} ms for: ${[...pending].join(', ')}; is eaawas run --transport kafka running with prefix "${prefix}"?`,
  );
  process.exitCode = 1;
}
