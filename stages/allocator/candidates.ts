import type { AllocatorConfig } from './allocator-config.js';
import type { AllocationRequest } from './allocation-request.js';
import type { AllocatorEnergyModel } from './energy-model.js';
import { forecastKey, type FleetState } from './fleet-state.js';

/** Way a candidate takes the workload. It fixes the decision status and the executor's action. */
export type CandidateAction = 'place' | 'start' | 'scale' | 'launch';

/** Forecast load and limits of running capacity, in vCPUs and bytes over all its instances. */
export interface CandidateCapacity {
  forecastCores: number;
  limitCores: number;
  forecastBytes: number;
  totalBytes: number;
}

/** Capacity that could take a request, before scoring. */
export interface Candidate {
  kind: 'instance' | 'nodegroup' | 'new_instance';
  action: CandidateAction;
  resourceId: string | null;
  instanceType: string;
  region: string;
  availabilityZone: string | null;
  /** vCPUs and memory of the one instance or node that runs the workload. */
  vcpus: number;
  memoryBytes: number;
  /** Forecast mean CPU utilization of that instance before the workload, percent; 0 for new capacity. */
  baseUtilizationPercent: number;
  /** Resource whose capacity the reservation is held on (instance or node group), or null for a launch. */
  reservationResourceId: string | null;
  forecastModel: { name: string; version: string } | null;
  /** Load and limits that reservations are checked against; null for capacity launched or scaled out for the request. */
  capacity: CandidateCapacity | null;
  /** Reason the candidate cannot take the request, or null when it can. */
  infeasible: string | null;
}

/**
 * Lists every capacity option for a request in its allowed regions: running instances and node
 * groups with forecast headroom, stopped instances, node groups below max_size, and new instances
 * of catalog types. Options that cannot take the request stay in the list with the reason, so the
 * decision can record why they lost.
 */
export function generateCandidates(
  state: FleetState,
  model: AllocatorEnergyModel,
  config: AllocatorConfig,
  request: AllocationRequest,
  allowedRegions: readonly string[],
  nowMs: number,
): Candidate[] {
  const regions = new Set(allowedRegions);
  const candidates: Candidate[] = [];
  const forecastContext = { state, config, request, nowMs };

  if (request.target !== 'eks') {
    for (const instance of [...state.instances.values()].sort(byResourceId)) {
      if (!regions.has(instance.region) || instance.nodegroup_id !== null) {
        continue;
      }
      const base = {
        kind: 'instance' as const,
        resourceId: instance.resource_id,
        instanceType: instance.instance_type,
        region: instance.region,
        availabilityZone: instance.availability_zone,
        vcpus: instance.vcpus,
        memoryBytes: instance.memory_mib * 2 ** 20,
        reservationResourceId: instance.resource_id,
      };
      if (instance.state === 'stopped') {
        candidates.push({
          ...base,
          action: 'start',
          baseUtilizationPercent: 0,
          forecastModel: null,
          capacity: {
            forecastCores: 0,
            limitCores: base.vcpus,
            forecastBytes: 0,
            totalBytes: base.memoryBytes,
          },
          infeasible: sizeProblem(request, base.vcpus, base.memoryBytes),
        });
      } else if (instance.state === 'running') {
        candidates.push({
          ...base,
          action: 'place',
          ...headroom(forecastContext, instance.resource_id, base.vcpus, base.memoryBytes, 1),
        });
      }
    }
  }

  if (request.target !== 'ec2') {
    for (const group of [...state.nodegroups.values()].sort(byResourceId)) {
      const nodeType = group.instance_types[0];
      const spec = nodeType === undefined ? undefined : model.instanceType(nodeType);
      if (!regions.has(group.region) || spec === undefined || group.status !== 'ACTIVE') {
        continue;
      }
      const base = {
        kind: 'nodegroup' as const,
        resourceId: group.resource_id,
        instanceType: spec.instanceType,
        region: group.region,
        availabilityZone: null,
        vcpus: spec.vcpus,
        memoryBytes: spec.memoryBytes,
        reservationResourceId: group.resource_id,
      };
      if (group.desired_size > 0) {
        candidates.push({
          ...base,
          action: 'place',
          ...headroom(forecastContext, group.resource_id, spec.vcpus, spec.memoryBytes, group.desired_size),
        });
      }
      const atMax =
        group.desired_size >= group.max_size ? `node group is at max_size ${group.max_size}` : null;
      candidates.push({
        ...base,
        action: 'scale',
        baseUtilizationPercent: 0,
        forecastModel: null,
        capacity: null,
        infeasible: atMax ?? sizeProblem(request, spec.vcpus, spec.memoryBytes),
      });
    }
  }

  if (request.target !== 'eks') {
    for (const region of [...regions].sort()) {
      for (const instanceType of config.catalog_instance_types) {
        const spec = model.instanceType(instanceType);
        if (spec === undefined) {
          continue;
        }
        const price = model.priceUsdPerHour(region, instanceType);
        candidates.push({
          kind: 'new_instance',
          action: 'launch',
          resourceId: null,
          instanceType,
          region,
          availabilityZone: null,
          vcpus: spec.vcpus,
          memoryBytes: spec.memoryBytes,
          baseUtilizationPercent: 0,
          reservationResourceId: null,
          capacity: null,
          forecastModel: null,
          infeasible:
            price === undefined
              ? `${instanceType} has no price in ${region}`
              : sizeProblem(request, spec.vcpus, spec.memoryBytes),
        });
      }
    }
  }
  return candidates;
}

interface ForecastContext {
  state: FleetState;
  config: AllocatorConfig;
  request: AllocationRequest;
  nowMs: number;
}

/**
 * Checks forecast headroom on running capacity of `count` instances of one size. The forecast's
 * upper bound plus held reservations plus the request must stay within max_utilization_percent of
 * the vCPUs. It must also fit in the memory that the memory forecast (or, without one, the
 * reservations alone) leaves free.
 */
function headroom(
  context: ForecastContext,
  resourceId: string,
  vcpus: number,
  memoryBytes: number,
  count: number,
): Pick<Candidate, 'baseUtilizationPercent' | 'forecastModel' | 'capacity' | 'infeasible'> {
  const { state, config, request, nowMs } = context;
  const cpuForecast = state.forecasts.get(forecastKey(resourceId, 'cpu_utilization'));
  const fresh =
    cpuForecast !== undefined &&
    nowMs - Date.parse(cpuForecast.issued_at) <= config.forecast_max_age_s * 1000;
  if (cpuForecast === undefined || !fresh) {
    return {
      baseUtilizationPercent: 0,
      forecastModel: null,
      capacity: null,
      infeasible: 'no fresh CPU utilization forecast',
    };
  }
  // NOTE: the latest forecast stands for every candidate start, also a deferred one hours later.
  const forecastModel = { name: cpuForecast.model_name, version: cpuForecast.model_version };
  const baseUtilizationPercent = clampPercent(cpuForecast.mean);
  const sizeIssue = sizeProblem(request, vcpus, memoryBytes);
  if (sizeIssue !== null) {
    return { baseUtilizationPercent, forecastModel, capacity: null, infeasible: sizeIssue };
  }

  const totalCores = vcpus * count;
  const totalBytes = memoryBytes * count;
  const memoryForecast = state.forecasts.get(forecastKey(resourceId, 'memory_utilization'));
  const capacity: CandidateCapacity = {
    forecastCores: (clampPercent(cpuForecast.upper) / 100) * totalCores,
    limitCores: (config.max_utilization_percent / 100) * totalCores,
    forecastBytes: memoryForecast === undefined ? 0 : (clampPercent(memoryForecast.upper) / 100) * totalBytes,
    totalBytes,
  };
  if (capacity.forecastCores + request.cpuCores > capacity.limitCores + 1e-9) {
    return {
      baseUtilizationPercent,
      forecastModel,
      capacity,
      infeasible: `forecast upper bound ${cpuForecast.upper.toFixed(1)} % leaves ${Math.max(0, capacity.limitCores - capacity.forecastCores).toFixed(2)} of ${request.cpuCores} vCPUs needed`,
    };
  }
  return { baseUtilizationPercent, forecastModel, capacity, infeasible: null };
}

/**
 * Checks that the reservations held on a candidate during [startMs, startMs + duration) leave room
 * for the request next to the forecast load. Capacity launched or scaled out for the request has
 * no reservations to check. Returns the reason when the request does not fit.
 */
export function reservationProblem(
  state: FleetState,
  request: AllocationRequest,
  candidate: Candidate,
  startMs: number,
): string | null {
  if (candidate.capacity === null || candidate.reservationResourceId === null) {
    return null;
  }
  const endMs = startMs + request.durationHours * 3_600_000;
  let reservedCores = 0;
  let reservedBytes = 0;
  for (const reservation of state.reservations.values()) {
    if (
      reservation.resourceId === candidate.reservationResourceId &&
      reservation.endMs > startMs &&
      reservation.startMs < endMs
    ) {
      reservedCores += reservation.cpuCores;
      reservedBytes += reservation.memoryBytes;
    }
  }
  const { forecastCores, limitCores, forecastBytes, totalBytes } = candidate.capacity;
  if (forecastCores + reservedCores + request.cpuCores > limitCores + 1e-9) {
    return `placed workloads hold ${reservedCores} vCPUs, leaving ${Math.max(0, limitCores - forecastCores - reservedCores).toFixed(2)} of ${request.cpuCores} vCPUs needed`;
  }
  if (forecastBytes + reservedBytes + request.memoryBytes > totalBytes) {
    return 'not enough free memory for the request';
  }
  return null;
}

function sizeProblem(request: AllocationRequest, vcpus: number, memoryBytes: number): string | null {
  if (request.cpuCores > vcpus) {
    return `${request.cpuCores} vCPUs requested, the instance has ${vcpus}`;
  }
  if (request.memoryBytes > memoryBytes) {
    return `${request.memoryBytes} bytes of memory requested, the instance has ${memoryBytes}`;
  }
  return null;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

function byResourceId(a: { resource_id: string }, b: { resource_id: string }): number {
  if (a.resource_id < b.resource_id) {
    return -1;
  }
  if (a.resource_id > b.resource_id) {
    return 1;
  }
  return 0;
}
