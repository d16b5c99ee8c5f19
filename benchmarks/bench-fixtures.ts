import type { TopicNames } from '../pipeline/topics/topic-names.js';
import type { OutgoingRecord, Producer } from '../pipeline/transport/transport.js';
import type { Carbon } from '../schemas/definitions/carbon.js';
import type { Forecast } from '../schemas/definitions/forecast.js';
import type { Ec2InstanceInventory } from '../schemas/definitions/inventory.js';
import type { Sample } from '../schemas/definitions/sample.js';
import { m5LargeInventory } from '../tests/fixtures/inventory-fixtures.js';

/** Regions of the synthetic fleet, each with the grid zone its carbon records name. */
export const BENCH_REGIONS = [
  { region: 'us-east-1', zone: 'US-MIDA-PJM', gramsPerKwh: 380 },
  { region: 'eu-north-1', zone: 'SE-SE3', gramsPerKwh: 30 },
] as const;

const HOUR_MS = 3_600_000;

/** Event time of the first sample step: fixed, so two runs produce the same windows. */
export const BENCH_START_MS = Date.parse('2026-12-04T00:00:00.000Z');

export function benchResourceId(index: number): string {
  return `i-bench${index.toString(16).padStart(8, '0')}`;
}

function regionOf(index: number): (typeof BENCH_REGIONS)[number] {
  return BENCH_REGIONS[index % BENCH_REGIONS.length]!;
}

/** Builds one running m5.large per resource index, alternating between the benchmark regions. */
export function benchInventory(resources: number, observedAtMs: number): Ec2InstanceInventory[] {
  return Array.from({ length: resources }, (_, index) => {
    const { region } = regionOf(index);
    return m5LargeInventory(benchResourceId(index), {
      region,
      availability_zone: `${region}a`,
      observed_at: new Date(observedAtMs).toISOString(),
    });
  });
}

/**
 * CPU utilization samples of every resource at each step of `periodS` seconds from BENCH_START_MS,
 * ordered by event time and then by resource, as a collector publishes them.
 */
export function benchSamples(resources: number, steps: number, periodS = 60): Sample[] {
  const samples: Sample[] = [];
  for (let step = 0; step < steps; step += 1) {
    const eventTime = new Date(BENCH_START_MS + step * periodS * 1000).toISOString();
    for (let index = 0; index < resources; index += 1) {
      samples.push({
        resource_id: benchResourceId(index),
        resource_type: 'ec2_instance',
        region: regionOf(index).region,
        metric: 'cpu_utilization',
        unit: 'percent',
        value: (index * 37 + step * 11) % 100,
        event_time: eventTime,
        period_s: periodS,
        source: 'replay',
      });
    }
  }
  return samples;
}

/** Builds a fresh CPU forecast per resource with room for small requests (upper bound 40 % on 2 vCPUs). */
export function benchForecasts(resources: number, issuedAtMs: number): Forecast[] {
  return Array.from({ length: resources }, (_, index) => ({
    resource_id: benchResourceId(index),
    metric: 'cpu_utilization',
    issued_at: new Date(issuedAtMs).toISOString(),
    horizon_s: 300,
    target_time: new Date(issuedAtMs + 300_000).toISOString(),
    mean: 30,
    lower: 20,
    upper: 40,
    interval: 0.8,
    model_name: 'workload-cpu',
    model_version: 'bench',
  }));
}

/** Hourly intensity per region: observed for the past day, forecast for the next two days. */
export function benchCarbon(nowMs: number): Carbon[] {
  const currentHour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const records: Carbon[] = [];
  for (const { region, zone, gramsPerKwh } of BENCH_REGIONS) {
    for (let hour = -24; hour <= 48; hour += 1) {
      const observed = hour <= 0;
      records.push({
        region,
        zone,
        hour: new Date(currentHour + hour * HOUR_MS).toISOString(),
        // A daily swing of a third around the mean, so deferral has cleaner hours to find.
        intensity_g_per_kwh: Math.round(gramsPerKwh * (1 + Math.sin((hour * Math.PI) / 12) / 3)),
        kind: observed ? 'observed' : 'forecast',
        source: 'replay',
        fallback: false,
        model_version: observed ? null : 'bench',
        issued_at: observed ? null : new Date(currentHour).toISOString(),
      });
    }
  }
  return records;
}

/**
 * Builds a small workload request. Every third may be deferred up to a day, and every fifth is high
 * priority.
 */
export function benchRequest(requestId: string, index: number, nowMs: number): Record<string, unknown> {
  const request: Record<string, unknown> = {
    request_id: requestId,
    cpu_request: 0.5,
    memory_request: '512Mi',
    priority: index % 5 === 0 ? 'high' : 'medium',
    max_energy_consumption: 100,
    duration_hours: 1,
    regions: BENCH_REGIONS.map((entry) => entry.region),
  };
  if (index % 3 === 0) {
    request.deadline = new Date(nowMs + 24 * HOUR_MS).toISOString();
  }
  return request;
}

/** Encodes values as the pipeline's records: UTF-8 JSON keyed by the given field. */
export function keyedRecords<T extends object>(
  values: readonly T[],
  key: (value: T) => string,
): OutgoingRecord[] {
  return values.map((value) => ({ key: key(value), value: JSON.stringify(value) }));
}

/** Sends records in chunks, one acknowledged send at a time. */
export async function sendInChunks(
  producer: Producer,
  topic: string,
  records: readonly OutgoingRecord[],
  chunk = 5_000,
): Promise<void> {
  for (let start = 0; start < records.length; start += chunk) {
    await producer.send(topic, records.slice(start, start + chunk));
  }
}

/** Sends the inventory, forecasts and carbon hours the allocator reads before any request arrives. */
export async function seedAllocatorInputs(
  producer: Producer,
  topics: TopicNames,
  resources: number,
  nowMs: number,
): Promise<void> {
  await sendInChunks(
    producer,
    topics.inventory,
    keyedRecords(benchInventory(resources, nowMs), (item) => item.resource_id),
  );
  await sendInChunks(
    producer,
    topics.forecasts,
    keyedRecords(benchForecasts(resources, nowMs), (item) => item.resource_id),
  );
  await sendInChunks(
    producer,
    topics.carbon,
    keyedRecords(benchCarbon(nowMs), (item) => item.region),
  );
}
