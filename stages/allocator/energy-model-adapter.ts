import type { StageContext } from '../../pipeline/runner/stage.js';
import { cellReader } from '../energy/data/csv-cells.js';
import { readDataCsv, resolveDataDirectory } from '../energy/data/data-files.js';
import { embodiedGrams } from '../energy/embodied.js';
import { loadEnergyData, type EnergyData } from '../energy/energy-data.js';
import { estimatePower } from '../energy/power-model.js';
import type { ResolvedCurve } from '../energy/power-curve.js';
import { resolveCurve } from '../energy/power-curve-resolver.js';
import type { AllocatorEnergyModel, InstanceTypeSpec } from './energy-model.js';

const GIB = 2 ** 30;

/**
 * Wraps the energy stage's tables into the allocator's model. Prices are list prices only: a type
 * the price file does not list in a region is not offered there, so the allocator never launches at
 * an estimated price.
 *
 * @param pue PUE per region (the energy stage's figure)
 */
export function createEnergyModelAdapter(data: EnergyData, pue: (region: string) => number, version: string): AllocatorEnergyModel {
  const curves = new Map<string, ResolvedCurve>();

  function curveOf(instanceType: string): ResolvedCurve {
    const type = instanceType.toLowerCase();
    let curve = curves.get(type);
    if (curve === undefined) {
      const spec = data.specs.get(type);
      curve = resolveCurve(data.curves, {
        instanceType: type,
        architecture: spec?.architecture ?? null,
        vcpus: spec?.vcpus ?? null,
        memoryGb: spec?.memoryGb ?? null,
        gpus: null,
      });
      curves.set(type, curve);
    }
    return curve;
  }

  return {
    version,
    instanceType(instanceType): InstanceTypeSpec | undefined {
      const spec = data.specs.get(instanceType.toLowerCase());
      return spec === undefined ? undefined : {
            instanceType,
            vcpus: spec.vcpus,
            memoryBytes: Math.round(spec.memoryGb * GIB),
            architecture: spec.architecture === 'arm64' ? 'arm64' : 'x86_64',
          };
    },
    wattsAt: (instanceType, utilizationPercent) => estimatePower(curveOf(instanceType), { mean: utilizationPercent }).watts,
    pue,
    embodiedGramsPerHour(instanceType) {
      const vcpus = data.specs.get(instanceType.toLowerCase())?.vcpus ?? 0;
      return embodiedGrams(data.embodied, instanceType, vcpus, 1);
    },
    priceUsdPerHour: (region, instanceType) => data.prices.byRegionAndType.get(`${region}|${instanceType.toLowerCase()}`),
    annualIntensity: (region) => data.annualIntensity.byRegion.get(region) ?? data.annualIntensity.unknownRegion,
  };
}

/**
 * Loads the allocator's energy model from a data folder. PUE is CCF's AWS average (PUE_AVG in
 * power/ccf_app_aws_constants.csv) for every region.
 * NOTE: one PUE for all regions until the energy stage exposes its per-region figure.
 */
export function loadEnergyModelFromData(dataFolder: string): AllocatorEnergyModel {
  const directory = resolveDataDirectory(dataFolder);
  const data = loadEnergyData(directory);
  const constants = readDataCsv(directory, 'power/ccf_app_aws_constants.csv');
  const row = constants.rows.find((candidate) => candidate.cells[0] === 'PUE_AVG');
  const pue = row === undefined ? 1 : cellReader(constants, row).nonNegativeNumber('value');
  return createEnergyModelAdapter(data, () => Math.max(1, pue), 'ccf-teads-2026');
}

/** The allocator stage's default model loader: the replay's data folder. */
export async function loadAllocatorEnergyModel(context: StageContext): Promise<AllocatorEnergyModel> {
  return loadEnergyModelFromData(context.config.sources.replay.data_folder);
}
