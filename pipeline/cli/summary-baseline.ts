import type { EaawasConfig } from '../config/config-schema.js';
import { parseMemoryBytes } from '../units/kubernetes-quantity.js';
import { loadEnergyModelFromData } from '../../stages/allocator/energy-model-adapter.js';
import { resolveDataDirectory } from '../../stages/energy/data/data-files.js';
import { createAllocatorPolicy } from '../../stages/evaluate/allocator-policy.js';
import type { TraceJob, UtilizationColumn } from '../../stages/evaluate/evaluation-traces.js';
import { runSimulation, type FleetMember, type PolicyResult } from '../../stages/evaluate/simulation.js';
import { observedCarbon } from '../../stages/replay/carbon-messages.js';
import { loadCarbonSeries } from '../../stages/replay/carbon-series.js';
import { fleetResources, loadFleetFile, type FleetResource } from '../../stages/replay/fleet-file.js';
import { projectRoot, resolveConfiguredPath } from '../../stages/replay/project-paths.js';
import { assignTraceColumns } from '../../stages/replay/replay-messages.js';
import { loadUtilizationTrace, TRACE_STEP_S } from '../../stages/replay/utilization-trace.js';
import { loadDurationBins, loadVmArrivals } from '../../stages/replay/workload-arrivals.js';
import { arrivalRequests } from '../../stages/replay/workload-requests.js';

const HOUR_MS = 3_600_000;
const STEP_MS = TRACE_STEP_S * 1000;

/**
 * Maximum span of a replay that the comparison covers: its first 7 simulated days. A week contains
 * the daily and weekly carbon cycles. The simulation runs synchronously at the end of the run, and
 * the whole 27.8-day trace took about 75 s on 2 shared cores, a week far less.
 */
export const MAX_COMPARISON_MS = 7 * 24 * HOUR_MS;

/** A simulated span of a replay, epoch milliseconds, end exclusive. */
export interface ReplaySpan {
  /** Simulated instant of trace offset 0. */
  originMs: number;
  startMs: number;
  endMs: number;
}

/**
 * Runs `eaawas evaluate`'s simulation over the span of this replay: the fleet of the fleet file
 * with its assigned utilization columns, the same replayed workload requests, and the replayed
 * carbon hours. It returns two results, the allocator's policy with carbon and the same policy
 * without carbon (the carbon-agnostic baseline), so both are priced by one accounting. The span
 * must be at most MAX_COMPARISON_MS long; comparisonSpan cuts a longer one.
 */
export function simulateReplayPolicies(config: EaawasConfig, span: ReplaySpan): PolicyResult[] {
  const replay = config.sources.replay;
  const dataFolder = resolveConfiguredPath(replay.data_folder);
  const steps = Math.max(1, Math.ceil((span.endMs - span.startMs) / STEP_MS));
  const firstOffsetS = (span.startMs - span.originMs) / 1000;

  const resources = fleetResources(loadFleetFile(resolveConfiguredPath(replay.fleet_file, projectRoot())));
  const trace = loadUtilizationTrace(
    resolveConfiguredPath(replay.utilization.trace_file, dataFolder),
    firstOffsetS,
    firstOffsetS + steps * TRACE_STEP_S,
  );
  const assignments = assignTraceColumns(resources, trace.vmColumns.length, replay.seed);
  const fleet: FleetMember[] = assignments.flatMap(({ resource, column }) =>
    fleetMembers(resource, columnValues(trace.steps, column, steps)),
  );

  const regions = [...new Set([...resources.map((resource) => resource.region), ...config.aws.regions])];
  const jobs = replayedJobs(config, span, dataFolder);
  const carbon = new Map<string, Map<number, number>>();
  for (const region of regions) {
    const series = loadCarbonSeries(dataFolder, region);
    const hours = new Map<number, number>();
    for (let hourMs = Math.floor(span.startMs / HOUR_MS) * HOUR_MS; hourMs < span.endMs; hourMs += HOUR_MS) {
      if (series !== null) {
        hours.set(hourMs, observedCarbon(series, hourMs).intensity_g_per_kwh);
      }
    }
    carbon.set(region, hours);
  }

  const inputs = {
    startMs: span.startMs,
    steps,
    fleet,
    jobs,
    carbon,
    model: loadEnergyModelFromData(resolveDataDirectory(config.energy.data_dir), config.energy.pue),
    catalog: config.allocator.catalog_instance_types,
    maxUtilizationPercent: config.allocator.max_utilization_percent,
    wattsPerVcpu: replay.workload.watts_per_vcpu,
  };
  const policies = [
    createAllocatorPolicy('eaawas (carbon-aware)', { ...config.allocator, carbon_aware: true }, regions),
    createAllocatorPolicy('eaawas without carbon', { ...config.allocator, carbon_aware: false }, regions),
  ];
  return policies.map((policy) => runSimulation(policy, inputs));
}

/** Cuts a replay's span to the first MAX_COMPARISON_MS of simulated time. */
export function comparisonSpan(span: ReplaySpan): ReplaySpan {
  return { ...span, endMs: Math.min(span.endMs, span.startMs + MAX_COMPARISON_MS) };
}

/** Extracts one column of the trace as a step series from the span's first step. A gap reads as 0 %. */
function columnValues(
  traceSteps: ReadonlyArray<{ values: Array<number | null> }>,
  column: number,
  steps: number,
): Float32Array {
  const percent = new Float32Array(steps);
  for (let step = 0; step < steps && step < traceSteps.length; step += 1) {
    percent[step] = traceSteps[step]?.values[column] ?? 0;
  }
  return percent;
}

/**
 * Expands a resource into fleet members. An instance is one member, and a node group is
 * `desired_size` members of its first instance type.
 */
function fleetMembers(resource: FleetResource, percent: Float32Array): FleetMember[] {
  if (resource.kind === 'ec2_instance') {
    const column: UtilizationColumn = { vm: `vm_${resource.resourceId}`, percent };
    return [{ column, instanceType: resource.instanceType, region: resource.region }];
  }
  const instanceType = resource.instanceTypes[0] ?? 'm5.large';
  return Array.from({ length: resource.desiredSize }, (_, index) => ({
    column: { vm: `vm_${resource.resourceId}/${index}`, percent },
    instanceType,
    region: resource.region,
  }));
}

/**
 * Converts the workload replay's requests that arrived in the span into the simulation's jobs.
 * Requests name no regions, so each may go to any of `aws.regions`, as the allocator stage allows.
 */
function replayedJobs(config: EaawasConfig, span: ReplaySpan, dataFolder: string): TraceJob[] {
  const replay = config.sources.replay;
  if (!replay.workload.enabled) {
    return [];
  }
  const arrivals = loadVmArrivals(resolveConfiguredPath(replay.workload.arrivals_file, dataFolder));
  const bins = loadDurationBins(resolveConfiguredPath(replay.workload.duration_bins_file, dataFolder));
  const options = {
    seed: replay.seed,
    sampleFraction: replay.workload.sample_fraction,
    wattsPerVcpu: replay.workload.watts_per_vcpu,
    originMs: span.originMs,
    firstArrivalS: arrivals[0]?.arrivalS ?? 0,
  };
  const jobs: TraceJob[] = [];
  for (const arrival of arrivals) {
    for (const { arrivalMs, request } of arrivalRequests(arrival, bins, options)) {
      if (arrivalMs < span.startMs || arrivalMs >= span.endMs) {
        continue;
      }
      const memory = parseMemoryBytes(request.memory_request);
      // The workload replay always sets duration_hours. Without it, the job lasts one trace step.
      const durationS = Math.round((request.duration_hours ?? TRACE_STEP_S / 3600) * 3600);
      jobs.push({
        id: request.request_id,
        arrivalS: (arrivalMs - span.startMs) / 1000,
        vcpus: Number(request.cpu_request),
        memoryBytes: memory.ok ? memory.value : 0,
        durationS,
        priority: request.priority,
        deadlineAfterS:
          request.deadline === undefined || request.deadline === null
            ? null
            : (Date.parse(request.deadline) - arrivalMs) / 1000,
        regions: config.aws.regions,
      });
    }
  }
  return jobs;
}
