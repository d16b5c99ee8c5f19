import type { Energy } from '../../schemas/definitions/energy.js';

/** Sums over the windows applied, each window counted once. */
export interface EnergyTotals {
  energy_wh: number;
  operational_gco2e: number;
  embodied_gco2e: number;
  cost_usd: number;
  windows: number;
}

/** Totals of a group of resources (node group, region, fleet) with their current power. */
export interface GroupFigures extends EnergyTotals {
  /** Sum of each member's latest window power, in watts before PUE. */
  power_w: number;
  power_w_lower: number;
  power_w_upper: number;
  resources: number;
}

/** Accumulated energy of one resource: its totals and its recent windows, oldest first. */
export interface ResourceEnergy {
  totals: EnergyTotals;
  history: readonly Energy[];
}

export type EnergyApplyOutcome = 'added' | 'replaced' | 'ignored_old';

export function emptyTotals(): EnergyTotals {
  return { energy_wh: 0, operational_gco2e: 0, embodied_gco2e: 0, cost_usd: 0, windows: 0 };
}

/**
 * Applies one energy record to a resource's accumulated energy and returns the new value (pure).
 *
 * The topic is keyed by resource id, so one resource's windows arrive in order; a repeat is a
 * redelivery. A record whose window start is already kept replaces the kept one, and the totals
 * change by the difference. A record older than every kept window while the history is full is
 * taken as a redelivery from before the kept range and ignored. So each window counts once in the
 * totals as long as redeliveries reach back at most `historyLimit` windows.
 */
export function applyEnergyRecord(
  previous: ResourceEnergy | undefined,
  record: Energy,
  historyLimit: number,
): { next: ResourceEnergy; outcome: EnergyApplyOutcome } {
  const current = previous ?? { totals: emptyTotals(), history: [] };
  const kept = current.history.findIndex((window) => window.window_start === record.window_start);
  if (kept >= 0) {
    const history = [...current.history];
    const replaced = history[kept] as Energy;
    history[kept] = record;
    return {
      next: { totals: add(add(current.totals, replaced, -1), record, 1), history },
      outcome: 'replaced',
    };
  }

  const start = Date.parse(record.window_start);
  const oldest = current.history[0];
  if (
    oldest !== undefined &&
    current.history.length >= historyLimit &&
    start < Date.parse(oldest.window_start)
  ) {
    return { next: current, outcome: 'ignored_old' };
  }
  const history = [...current.history, record].sort(
    (a, b) => Date.parse(a.window_start) - Date.parse(b.window_start),
  );
  return {
    next: {
      totals: add(current.totals, record, 1),
      history: history.slice(Math.max(0, history.length - historyLimit)),
    },
    outcome: 'added',
  };
}

function add(totals: EnergyTotals, record: Energy, sign: 1 | -1): EnergyTotals {
  return {
    energy_wh: totals.energy_wh + sign * record.energy_wh,
    operational_gco2e: totals.operational_gco2e + sign * record.operational_gco2e,
    embodied_gco2e: totals.embodied_gco2e + sign * record.embodied_gco2e,
    cost_usd: totals.cost_usd + sign * record.cost_usd,
    windows: totals.windows + sign,
  };
}

/**
 * Energy materialized from the energy topic: per resource its totals and recent windows, and on
 * read the totals and current power per node group, region and fleet. Node group membership of
 * instances comes from the inventory (`setNodegroup`), because energy records do not carry it;
 * node-group resources themselves count as their own group.
 *
 * NOTE: region and fleet figures sum every resource, so a node group that has windows of its own
 * and of its member instances counts twice there.
 */
export class EnergyState {
  private readonly resources = new Map<string, ResourceEnergy>();
  private readonly nodegroupOf = new Map<string, string>();

  constructor(private readonly historyLimit: number) {}

  apply(record: Energy): EnergyApplyOutcome {
    const { next, outcome } = applyEnergyRecord(
      this.resources.get(record.resource_id),
      record,
      this.historyLimit,
    );
    this.resources.set(record.resource_id, next);
    return outcome;
  }

  /** Records that an instance belongs to a node group, or to none (null). */
  setNodegroup(instanceId: string, nodegroupId: string | null): void {
    if (nodegroupId === null) {
      this.nodegroupOf.delete(instanceId);
    } else {
      this.nodegroupOf.set(instanceId, nodegroupId);
    }
  }

  latest(resourceId: string): Energy | undefined {
    return this.resources.get(resourceId)?.history.at(-1);
  }

  /** Kept windows of a resource, oldest first. */
  recent(resourceId: string): Energy[] {
    return [...(this.resources.get(resourceId)?.history ?? [])];
  }

  totals(resourceId: string): EnergyTotals | undefined {
    const totals = this.resources.get(resourceId)?.totals;
    return totals === undefined ? undefined : { ...totals };
  }

  resourceIds(): string[] {
    return [...this.resources.keys()];
  }

  /** Figures of one region, or undefined when no resource of it has a window. */
  region(region: string): GroupFigures | undefined {
    return this.group((resourceId, latest) => latest.region === region);
  }

  /**
   * Figures of one node group: the group's own windows when it has any, else the sum of its member
   * instances, so a group measured both ways is not counted twice.
   */
  nodegroup(nodegroupId: string): GroupFigures | undefined {
    if (this.resources.has(nodegroupId)) {
      return this.group((resourceId) => resourceId === nodegroupId);
    }
    return this.group((resourceId) => this.nodegroupOf.get(resourceId) === nodegroupId);
  }

  regions(): Map<string, GroupFigures> {
    const regions = new Set([...this.resources.values()].map((resource) => resource.history.at(-1)?.region));
    const figures = new Map<string, GroupFigures>();
    for (const region of regions) {
      const group = region === undefined ? undefined : this.region(region);
      if (region !== undefined && group !== undefined) {
        figures.set(region, group);
      }
    }
    return figures;
  }

  fleet(): GroupFigures {
    return (
      this.group(() => true) ?? {
        ...emptyTotals(),
        power_w: 0,
        power_w_lower: 0,
        power_w_upper: 0,
        resources: 0,
      }
    );
  }

  private group(member: (resourceId: string, latest: Energy) => boolean): GroupFigures | undefined {
    let figures: GroupFigures | undefined;
    for (const [resourceId, resource] of this.resources) {
      const latest = resource.history.at(-1);
      if (latest === undefined || !member(resourceId, latest)) {
        continue;
      }
      figures ??= { ...emptyTotals(), power_w: 0, power_w_lower: 0, power_w_upper: 0, resources: 0 };
      figures.power_w += latest.power_w;
      figures.power_w_lower += latest.power_w_lower;
      figures.power_w_upper += latest.power_w_upper;
      figures.resources += 1;
      figures.energy_wh += resource.totals.energy_wh;
      figures.operational_gco2e += resource.totals.operational_gco2e;
      figures.embodied_gco2e += resource.totals.embodied_gco2e;
      figures.cost_usd += resource.totals.cost_usd;
      figures.windows += resource.totals.windows;
    }
    return figures;
  }
}
