import type { StageContext } from '../../pipeline/runner/stage.js';
import { resolveDataDirectory } from '../energy/data/data-files.js';
import { embodiedGrams } from '../energy/embodied.js';
import { loadEnergyData, type EnergyData } from '../energy/energy-data.js';
import type { EnergyConfig } from '../energy/energy-config.js';
import { estimatePower } from '../energy/power-model.js';
import { pueForRegion } from '../energy/pue.js';
import type { ResolvedCurve } from '../energy/power-curve.js';
import { resolveCurve } from '../energy/power-curve-resolver.js';
import type { AllocatorEnergyModel, InstanceTypeSpec } from './energy-model.js';

const GIB = 2 ** 30;

/** Names the data the model is built from (CCF coefficients, the Teads curves, list prices); recorded in decisions. */
export const ENERGY_MODEL_VERSION = 'ccf-teads-2026';

/**
 * Wraps the energy stage's tables into the allocator's model. Prices are list prices only: a type
 * the price file does not list in a region is not offered there, so the allocator never launches at
 * an estimated price.
 *
 * @param pue PUE per region (the energy stage's figure)
 */
export function createEnergyModelAdapter(
  data: EnergyData,
  pue: (region: string) => number,
  version: string,
): AllocatorEnergyModel {
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
      return spec === undefined
        ? undefined
        : {
            instanceType,
            vcpus: spec.vcpus,
            memoryBytes: Math.round(spec.memoryGb * GIB),
            architecture: spec.architecture === 'arm64' ? 'arm64' : 'x86_64',
          };
    },
    wattsAt: (instanceType, utilizationPercent) =>
      estimatePower(curveOf(instanceType), { mean: utilizationPercent }).watts,
    pue,
    embodiedGramsPerHour(instanceType) {
      const vcpus = data.specs.get(instanceType.toLowerCase())?.vcpus ?? 0;
      return embodiedGrams(data.embodied, instanceType, vcpus, 1);
    },
    priceUsdPerHour: (region, instanceType) =>
      data.prices.byRegionAndType.get(`${region}|${instanceType.toLowerCase()}`),
    annualIntensity: (region) =>
      data.annualIntensity.byRegion.get(region) ?? data.annualIntensity.unknownRegion,
  };
}

/**
 * Loads the allocator's energy model from a data folder laid out like the project's data/, with the
 * energy stage's PUE settings.
 * @throws ValidationError (DATA_INVALID) when a table cannot be read.
 */
export function loadEnergyModelFromData(dataFolder: string, pue: EnergyConfig['pue']): AllocatorEnergyModel {
  const data = loadEnergyData(resolveDataDirectory(dataFolder));
  return createEnergyModelAdapter(data, (region) => pueForRegion(pue, region).value, ENERGY_MODEL_VERSION);
}

/** Loads the default model of the allocator and executor stages from the energy stage's data folder and PUE. */
export function loadAllocatorEnergyModel(context: StageContext): Promise<AllocatorEnergyModel> {
  return Promise.resolve(loadEnergyModelFromData(context.config.energy.data_dir, context.config.energy.pue));
}
