import { describe, expect, it } from '@jest/globals';
import { workloadRequestSchema } from '../../../schemas/definitions/index.js';
import { resolveConfiguredPath } from '../../../stages/replay/project-paths.js';
import { loadDurationBins, type VmArrival } from '../../../stages/replay/workload-arrivals.js';
import { arrivalRequests } from '../../../stages/replay/workload-requests.js';

const BINS = loadDurationBins(resolveConfiguredPath('data/jobs/azure_v1_vm_duration_bins.csv'));
const ORIGIN = Date.parse('2026-12-04T00:00:00.000Z');
const options = { seed: 42, sampleFraction: 1, wattsPerVcpu: 10, originMs: ORIGIN, firstArrivalS: 2_100_000 };

// The first row of azure_v1_vm_arrivals_test_2100000-2591400s.csv: three 8-vCPU, 14 GB VMs.
const arrival: VmArrival = {
  row: 0,
  arrivalS: 2_100_000,
  tenantBatch: 0,
  vcpus: 8,
  memoryGb: 14,
  durationBin: 3,
  censored: false,
  count: 3,
};

describe('arrivalRequests', () => {
  it('creates one valid request per VM', () => {
    const requests = arrivalRequests(arrival, BINS, options);

    expect(requests.map((entry) => entry.request.request_id)).toEqual([
      'replay-42-2100000-0-0',
      'replay-42-2100000-0-1',
      'replay-42-2100000-0-2',
    ]);
    for (const { request, arrivalMs } of requests) {
      expect(workloadRequestSchema.safeParse(request).success).toBe(true);
      expect(arrivalMs).toBe(ORIGIN);
      expect(request.cpu_request).toBe(8);
      expect(request.memory_request).toBe('14Gi');
      expect(request.max_energy_consumption).toBe(80);
      // Bin 3 is a lifetime of exactly 900 s.
      expect(request.duration_hours).toBe(0.25);
      expect(request.not_before).toBe('2026-12-04T00:00:00.000Z');
    }
  });

  it('repeats itself for a seed', () => {
    expect(arrivalRequests(arrival, BINS, options)).toEqual(arrivalRequests(arrival, BINS, options));
  });

  it('changes choices with the seed', () => {
    const choices = (seed: number) =>
      arrivalRequests({ ...arrival, count: 40 }, BINS, { ...options, seed }).map(
        ({ request }) => `${request.priority}:${request.deadline}`,
      );

    expect(choices(1)).not.toEqual(choices(2));
  });

  it('gives high priority no slack', () => {
    const requests = arrivalRequests({ ...arrival, count: 40 }, BINS, options);
    const high = requests.filter(({ request }) => request.priority === 'high');

    expect(high.length).toBeGreaterThan(0);
    for (const { request } of high) {
      expect(Date.parse(request.deadline!) - Date.parse(request.not_before!)).toBe(900_000);
    }
  });

  it('samples about the configured fraction', () => {
    const requests = arrivalRequests({ ...arrival, count: 2000 }, BINS, { ...options, sampleFraction: 0.1 });

    expect(requests.length).toBeGreaterThan(150);
    expect(requests.length).toBeLessThan(250);
  });

  it('replays a zero-length lifetime as 5 minutes', () => {
    const [entry] = arrivalRequests({ ...arrival, durationBin: 0, count: 1 }, BINS, options);

    expect(entry?.request.duration_hours).toBeCloseTo(300 / 3600, 10);
  });
});
