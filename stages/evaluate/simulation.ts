import type { AllocationRequest } from '../allocator/allocation-request.js';
import type { AllocatorEnergyModel } from '../allocator/energy-model.js';
import { STEP_S, type TraceJob, type UtilizationColumn } from './evaluation-traces.js';
import {
  backgroundAt,
  type Policy,
  type SimInstance,
  type SimJob,
  type SimulationView,
} from './simulation-model.js';

const HOUR_MS = 3_600_000;
const STEP_MS = STEP_S * 1000;

/** The fleet of trace VMs: which instance type and region each one runs as. */
export interface FleetMember {
  column: UtilizationColumn;
  instanceType: string;
  region: string;
}

export interface SimulationInputs {
  startMs: number;
  steps: number;
  fleet: readonly FleetMember[];
  jobs: readonly TraceJob[];
  /** Actual hourly intensity per region, g/kWh, used for the accounting. */
  carbon: ReadonlyMap<string, ReadonlyMap<number, number>>;
  model: AllocatorEnergyModel;
  catalog: readonly string[];
  maxUtilizationPercent: number;
  /** Power budget of a request per vCPU, watts (the request's max_energy_consumption). */
  wattsPerVcpu: number;
}

/** Totals of one policy over the trace. */
export interface PolicyResult {
  policy: string;
  requests: number;
  energyKwh: number;
  operationalKg: number;
  embodiedKg: number;
  costUsd: number;
  /** Instance-steps of 300 s in which CPU demand (own load plus jobs) exceeded 100 % or jobs' memory exceeded the instance's. */
  capacityOverruns: number;
  deadlineMisses: number;
  rejections: number;
  deferrals: number;
  /** Launches and terminations of instances. */
  actions: number;
  placedOnExisting: number;
}

/**
 * Replays the trace through one policy in 300 s steps. Each step places the requests that arrive
 * and charges every running instance for its power at its actual utilization (own load plus
 * running jobs, capped at 100 %). Power is multiplied by PUE and the actual grid intensity of the
 * hour, and the embodied share and price are added. Launched instances with no job left are then
 * terminated. The policy receives only the past: observed load and carbon up to now.
 */
export function runSimulation(policy: Policy, inputs: SimulationInputs): PolicyResult {
  const { model } = inputs;
  const instances: SimInstance[] = inputs.fleet.map((member) => {
    const spec = model.instanceType(member.instanceType);
    if (spec === undefined) {
      throw new Error(`fleet instance type ${member.instanceType} is not in the catalog`);
    }
    return {
      id: `vm-${member.column.vm.slice(3)}`,
      instanceType: member.instanceType,
      region: member.region,
      vcpus: spec.vcpus,
      memoryBytes: spec.memoryBytes,
      background: member.column.percent,
      aliveFromMs: inputs.startMs,
      aliveUntilMs: null,
    };
  });
  const jobs: SimJob[] = [];
  const observed = new Map<string, Map<number, number>>();
  const result: PolicyResult = {
    policy: policy.name,
    requests: 0,
    energyKwh: 0,
    operationalKg: 0,
    embodiedKg: 0,
    costUsd: 0,
    capacityOverruns: 0,
    deadlineMisses: 0,
    rejections: 0,
    deferrals: 0,
    actions: 0,
    placedOnExisting: 0,
  };
  const arrivals = [...inputs.jobs].sort((a, b) => a.arrivalS - b.arrivalS || (a.id < b.id ? -1 : 1));
  let nextArrival = 0;
  let launched = 0;

  for (let step = 0; step < inputs.steps; step += 1) {
    const nowMs = inputs.startMs + step * STEP_MS;
    const hourMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
    for (const [region, hours] of inputs.carbon) {
      const value = hours.get(hourMs);
      if (value !== undefined) {
        const seen = observed.get(region) ?? new Map<number, number>();
        seen.set(hourMs, value);
        observed.set(region, seen);
      }
    }

    while (
      nextArrival < arrivals.length &&
      (arrivals[nextArrival] as TraceJob).arrivalS * 1000 < (step + 1) * STEP_MS
    ) {
      const job = arrivals[nextArrival] as TraceJob;
      nextArrival += 1;
      result.requests += 1;
      const view: SimulationView = {
        nowMs,
        step,
        instances: instances.filter(
          (instance) => instance.aliveUntilMs === null && instance.aliveFromMs <= nowMs,
        ),
        jobs,
        model,
        observedCarbon: observed,
        catalog: inputs.catalog,
        maxUtilizationPercent: inputs.maxUtilizationPercent,
      };
      const placement = policy.place(requestOf(job, nowMs, inputs.wattsPerVcpu), view);
      if (placement.kind === 'reject') {
        result.rejections += 1;
        continue;
      }
      const startMs = Math.max(nowMs, placement.startMs);
      let instance: SimInstance | undefined;
      if (placement.kind === 'existing') {
        instance = instances.find((candidate) => candidate.id === placement.instanceId);
        result.placedOnExisting += 1;
      } else {
        const spec = model.instanceType(placement.instanceType);
        if (spec !== undefined) {
          launched += 1;
          instance = {
            id: `launched-${launched}`,
            instanceType: placement.instanceType,
            region: placement.region,
            vcpus: spec.vcpus,
            memoryBytes: spec.memoryBytes,
            background: null,
            aliveFromMs: startMs,
            aliveUntilMs: null,
          };
          instances.push(instance);
          result.actions += 1;
        }
      }
      if (instance === undefined) {
        result.rejections += 1;
        continue;
      }
      const endMs = startMs + job.durationS * 1000;
      const deferred = startMs >= nowMs + STEP_MS;
      result.deferrals += deferred ? 1 : 0;
      // The request's deadline counts from the start of the step it arrived in, as requestOf sets it.
      if (job.deadlineAfterS !== null && endMs > nowMs + job.deadlineAfterS * 1000) {
        result.deadlineMisses += 1;
      }
      jobs.push({ job, instanceId: instance.id, region: instance.region, startMs, endMs, deferred });
    }

    chargeStep(result, inputs, instances, jobs, step, nowMs, hourMs);
    result.actions += terminateEmpty(instances, jobs, nowMs + STEP_MS);
    if (step % 288 === 287) {
      pruneFinished(jobs, nowMs);
    }
  }
  return result;
}

function requestOf(job: TraceJob, nowMs: number, wattsPerVcpu: number): AllocationRequest {
  return {
    requestId: job.id,
    cpuCores: job.vcpus,
    memoryBytes: job.memoryBytes,
    priority: job.priority,
    maxAddedPowerW: job.vcpus * wattsPerVcpu,
    durationHours: job.durationS / 3600,
    regions: job.regions,
    notBeforeMs: nowMs,
    deadlineMs: job.deadlineAfterS === null ? null : nowMs + job.deadlineAfterS * 1000,
    target: 'ec2',
    labels: {},
  };
}

function chargeStep(
  result: PolicyResult,
  inputs: SimulationInputs,
  instances: readonly SimInstance[],
  jobs: readonly SimJob[],
  step: number,
  nowMs: number,
  hourMs: number,
): void {
  const hours = STEP_S / 3600;
  const load = new Map<string, { cpu: number; memory: number }>();
  for (const placed of jobs) {
    if (placed.startMs <= nowMs && placed.endMs > nowMs) {
      const entry = load.get(placed.instanceId) ?? { cpu: 0, memory: 0 };
      entry.cpu += placed.job.vcpus;
      entry.memory += placed.job.memoryBytes;
      load.set(placed.instanceId, entry);
    }
  }
  for (const instance of instances) {
    if (instance.aliveFromMs > nowMs || (instance.aliveUntilMs !== null && instance.aliveUntilMs <= nowMs)) {
      continue;
    }
    const jobsLoad = load.get(instance.id) ?? { cpu: 0, memory: 0 };
    const demand = backgroundAt(instance, step) + (100 * jobsLoad.cpu) / instance.vcpus;
    if (demand > 100 || jobsLoad.memory > instance.memoryBytes) {
      result.capacityOverruns += 1;
    }
    const watts = inputs.model.wattsAt(instance.instanceType, Math.min(100, demand));
    const kwh = (watts * inputs.model.pue(instance.region) * hours) / 1000;
    const intensity =
      inputs.carbon.get(instance.region)?.get(hourMs) ?? inputs.model.annualIntensity(instance.region) ?? 0;
    result.energyKwh += kwh;
    result.operationalKg += (kwh * intensity) / 1000;
    result.embodiedKg += (inputs.model.embodiedGramsPerHour(instance.instanceType) * hours) / 1000;
    result.costUsd += (inputs.model.priceUsdPerHour(instance.region, instance.instanceType) ?? 0) * hours;
  }
}

/** Terminates launched instances with no job running or due; returns how many. */
function terminateEmpty(instances: SimInstance[], jobs: readonly SimJob[], nextMs: number): number {
  const busy = new Set<string>();
  for (const placed of jobs) {
    if (placed.endMs > nextMs - 1) {
      busy.add(placed.instanceId);
    }
  }
  let terminated = 0;
  for (const instance of instances) {
    if (
      instance.background === null &&
      instance.aliveUntilMs === null &&
      instance.aliveFromMs < nextMs &&
      !busy.has(instance.id)
    ) {
      instance.aliveUntilMs = nextMs;
      terminated += 1;
    }
  }
  return terminated;
}

/** Drops jobs that ended before `nowMs`, which no later step reads. */
function pruneFinished(jobs: SimJob[], nowMs: number): void {
  let kept = 0;
  for (const placed of jobs) {
    if (placed.endMs > nowMs) {
      jobs[kept] = placed;
      kept += 1;
    }
  }
  jobs.length = kept;
}
