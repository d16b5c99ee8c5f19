import type { AllocationRequest } from '../allocator/allocation-request.js';
import type { AllocatorEnergyModel } from '../allocator/energy-model.js';
import type { TraceJob } from './evaluation-traces.js';

/** An instance of the simulated fleet: a trace VM with its own load, or one launched for jobs. */
export interface SimInstance {
  id: string;
  instanceType: string;
  region: string;
  vcpus: number;
  memoryBytes: number;
  /** The VM's own CPU utilization per step, percent; null for an instance launched for jobs. */
  background: Float32Array | null;
  /** Epoch ms from which the instance runs (a deferred launch starts later than its decision). */
  aliveFromMs: number;
  /** Epoch ms at which it was terminated; null while it runs. */
  aliveUntilMs: number | null;
}

/** A job placed on an instance for [startMs, endMs). */
export interface SimJob {
  job: TraceJob;
  instanceId: string;
  region: string;
  startMs: number;
  endMs: number;
  deferred: boolean;
}

/** Placement a policy chooses for a request. */
export type PolicyPlacement =
  | { kind: 'existing'; instanceId: string; startMs: number }
  | { kind: 'launch'; instanceType: string; region: string; startMs: number }
  | { kind: 'reject'; reason: string };

/** Simulation state a policy may read when it places a request: only the past and the present. */
export interface SimulationView {
  nowMs: number;
  step: number;
  /** Instances running now, sorted by id. */
  instances: readonly SimInstance[];
  jobs: readonly SimJob[];
  model: AllocatorEnergyModel;
  /** Observed hourly intensity per region for hours that have started; later hours are absent. */
  observedCarbon: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Instance types a policy may launch. */
  catalog: readonly string[];
  /** Highest share of an instance's vCPUs, percent, a policy should fill by the load it can see. */
  maxUtilizationPercent: number;
}

export interface Policy {
  readonly name: string;
  place(request: AllocationRequest, view: SimulationView): PolicyPlacement;
}

/** Returns the VM's utilization at a step in percent, or 0 for a launched instance. */
export function backgroundAt(instance: SimInstance, step: number): number {
  if (instance.background === null) {
    return 0;
  }
  return instance.background[Math.min(step, instance.background.length - 1)] ?? 0;
}

/** vCPUs and bytes that jobs hold on an instance at any moment of [fromMs, toMs). */
export function jobsOn(
  jobs: readonly SimJob[],
  instanceId: string,
  fromMs: number,
  toMs: number,
): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const placed of jobs) {
    if (placed.instanceId === instanceId && placed.startMs < toMs && placed.endMs > fromMs) {
      cpu += placed.job.vcpus;
      memory += placed.job.memoryBytes;
    }
  }
  return { cpu, memory };
}
