import type { AllocationRequest } from '../allocator/allocation-request.js';
import {
  backgroundAt,
  jobsOn,
  type Policy,
  type PolicyPlacement,
  type SimInstance,
  type SimulationView,
} from './simulation-model.js';

const HOUR_MS = 3_600_000;

/**
 * The baselines of `eaawas evaluate`. None defers, none looks at carbon or power budgets, and each
 * starts a request at once. They differ in which running instance they pick. When none fits,
 * they launch the cheapest catalog type that fits in the request's first region, except cost-only
 * bin-packing, which takes the cheapest of all its regions.
 */
export function createBaselinePolicies(): Policy[] {
  let next = 0;
  return [
    {
      name: 'round-robin',
      place(request, view) {
        // Cycles through the instances, skipping those whose vCPUs or memory are already promised.
        const allowed = allowedInstances(request, view);
        for (let tried = 0; tried < allowed.length; tried += 1) {
          const instance = allowed[(next + tried) % allowed.length] as SimInstance;
          if (fitsPromised(request, view, instance)) {
            next = (next + tried + 1) % Math.max(1, allowed.length);
            return { kind: 'existing', instanceId: instance.id, startMs: view.nowMs };
          }
        }
        return launchCheapest(request, view, request.regions?.slice(0, 1) ?? []);
      },
    },
    {
      name: 'first-fit',
      place(request, view) {
        const instance = allowedInstances(request, view).find((candidate) =>
          fitsObserved(request, view, candidate),
        );
        return instance === undefined
          ? launchCheapest(request, view, request.regions?.slice(0, 1) ?? [])
          : existing(instance, view);
      },
    },
    {
      name: 'least-loaded',
      place(request, view) {
        const fitting = allowedInstances(request, view).filter((candidate) =>
          fitsObserved(request, view, candidate),
        );
        fitting.sort((a, b) => observedPercent(view, a) - observedPercent(view, b) || (a.id < b.id ? -1 : 1));
        const instance = fitting[0];
        return instance === undefined
          ? launchCheapest(request, view, request.regions?.slice(0, 1) ?? [])
          : existing(instance, view);
      },
    },
    {
      name: 'cost-bin-packing',
      place(request, view) {
        // Best fit: the instance left with the fewest free vCPUs, so whole instances stay empty.
        const fitting = allowedInstances(request, view).filter((candidate) =>
          fitsObserved(request, view, candidate),
        );
        fitting.sort((a, b) => freeCores(view, a) - freeCores(view, b) || (a.id < b.id ? -1 : 1));
        const instance = fitting[0];
        return instance === undefined
          ? launchCheapest(request, view, request.regions ?? [])
          : existing(instance, view);
      },
    },
  ];
}

function existing(instance: SimInstance, view: SimulationView): PolicyPlacement {
  return { kind: 'existing', instanceId: instance.id, startMs: view.nowMs };
}

function allowedInstances(request: AllocationRequest, view: SimulationView): SimInstance[] {
  return view.instances.filter(
    (instance) => request.regions === null || request.regions.includes(instance.region),
  );
}

function held(
  request: AllocationRequest,
  view: SimulationView,
  instance: SimInstance,
): { cpu: number; memory: number } {
  return jobsOn(view.jobs, instance.id, view.nowMs, view.nowMs + request.durationHours * HOUR_MS);
}

/** Fits by what jobs already hold, ignoring the instance's own load. */
function fitsPromised(request: AllocationRequest, view: SimulationView, instance: SimInstance): boolean {
  const jobs = held(request, view, instance);
  return (
    jobs.cpu + request.cpuCores <= instance.vcpus && jobs.memory + request.memoryBytes <= instance.memoryBytes
  );
}

/** Fits by the load observed now plus what jobs hold, within maxUtilizationPercent of the vCPUs. */
function fitsObserved(request: AllocationRequest, view: SimulationView, instance: SimInstance): boolean {
  const jobs = held(request, view, instance);
  const busy = (backgroundAt(instance, view.step) / 100) * instance.vcpus + jobs.cpu;
  return (
    busy + request.cpuCores <= (view.maxUtilizationPercent / 100) * instance.vcpus &&
    jobs.memory + request.memoryBytes <= instance.memoryBytes
  );
}

function observedPercent(view: SimulationView, instance: SimInstance): number {
  const jobs = jobsOn(view.jobs, instance.id, view.nowMs, view.nowMs + 1);
  return backgroundAt(instance, view.step) + (100 * jobs.cpu) / instance.vcpus;
}

function freeCores(view: SimulationView, instance: SimInstance): number {
  return instance.vcpus * (1 - observedPercent(view, instance) / 100);
}

/** Launches the cheapest catalog type that fits the request in one of `regions`. */
export function launchCheapest(
  request: AllocationRequest,
  view: SimulationView,
  regions: readonly string[],
): PolicyPlacement {
  let best: { instanceType: string; region: string; price: number } | undefined;
  for (const region of regions) {
    for (const instanceType of view.catalog) {
      const spec = view.model.instanceType(instanceType);
      const price = view.model.priceUsdPerHour(region, instanceType);
      if (
        spec === undefined ||
        price === undefined ||
        spec.vcpus < request.cpuCores ||
        spec.memoryBytes < request.memoryBytes
      ) {
        continue;
      }
      if (best === undefined || price < best.price) {
        best = { instanceType, region, price };
      }
    }
  }
  return best === undefined
    ? { kind: 'reject', reason: 'no catalog type fits the request' }
    : { kind: 'launch', instanceType: best.instanceType, region: best.region, startMs: view.nowMs };
}
