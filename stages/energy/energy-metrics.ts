import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';

export interface EnergyMetrics {
  utilizationClamped: Counter<'stage'>;
  carbonFallbacks: Counter<'region'>;
  fleetEnergy: Counter;
  fleetCarbon: Counter<'kind'>;
  fleetCost: Counter;
  regionIntensity: Gauge<'region'>;
  tableRecordsInvalid: Counter<'topic'>;
  windowCopiesDropped: Counter;
}

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Registers the energy stage's metrics on the process registry, reusing ones already there. */
export function createEnergyMetrics(registry: Registry): EnergyMetrics {
  const registers = [registry];
  return {
    utilizationClamped: getOrCreate(
      registry,
      METRIC_NAMES.energyUtilizationClamped,
      () =>
        new Counter({
          name: METRIC_NAMES.energyUtilizationClamped,
          help: 'Windows whose CPU utilization was outside 0..100 percent and was clamped.',
          labelNames: ['stage'],
          registers,
        }),
    ),
    carbonFallbacks: getOrCreate(
      registry,
      METRIC_NAMES.carbonFallbacks,
      () =>
        new Counter({
          name: METRIC_NAMES.carbonFallbacks,
          help: 'Energy windows priced at the annual average grid intensity because no hourly figure was observed.',
          labelNames: ['region'],
          registers,
        }),
    ),
    fleetEnergy: getOrCreate(
      registry,
      METRIC_NAMES.energyFleetEnergy,
      () =>
        new Counter({
          name: METRIC_NAMES.energyFleetEnergy,
          help: 'Energy of every published window including PUE, in watt-hours.',
          registers,
        }),
    ),
    fleetCarbon: getOrCreate(
      registry,
      METRIC_NAMES.energyFleetCarbon,
      () =>
        new Counter({
          name: METRIC_NAMES.energyFleetCarbon,
          help: 'Carbon of every published window in grams CO2e, by kind (operational, embodied).',
          labelNames: ['kind'],
          registers,
        }),
    ),
    fleetCost: getOrCreate(
      registry,
      METRIC_NAMES.energyFleetCost,
      () =>
        new Counter({
          name: METRIC_NAMES.energyFleetCost,
          help: 'On-demand cost of every published window, in US dollars.',
          registers,
        }),
    ),
    regionIntensity: getOrCreate(
      registry,
      METRIC_NAMES.energyRegionIntensity,
      () =>
        new Gauge({
          name: METRIC_NAMES.energyRegionIntensity,
          help: 'Grid intensity used for the latest window of each region, in grams CO2e per kWh.',
          labelNames: ['region'],
          registers,
        }),
    ),
    tableRecordsInvalid: getOrCreate(
      registry,
      METRIC_NAMES.energyTableRecordsInvalid,
      () =>
        new Counter({
          name: METRIC_NAMES.energyTableRecordsInvalid,
          help: 'Inventory or carbon records the energy stage could not decode or validate and skipped.',
          labelNames: ['topic'],
          registers,
        }),
    ),
    windowCopiesDropped: getOrCreate(
      registry,
      METRIC_NAMES.energyWindowCopiesDropped,
      () =>
        new Counter({
          name: METRIC_NAMES.energyWindowCopiesDropped,
          help: 'Aggregate windows dropped because the energy stage had already priced an identical copy.',
          registers,
        }),
    ),
  };
}
