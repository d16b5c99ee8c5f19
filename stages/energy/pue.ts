import type { Energy } from '../../schemas/definitions/energy.js';
import type { EnergyConfig } from './energy-config.js';

/** The PUE applied to a region and where it came from. */
export interface PueReading {
  value: number;
  source: Energy['pue_source'];
}

/**
 * Returns the region's published PUE when the config lists one, else the provider average. AWS
 * publishes one global figure (1.15 for 2023 and 2024) and no per-region figures, so the default
 * config lists no region.
 */
export function pueForRegion(config: EnergyConfig['pue'], region: string): PueReading {
  const published = config.regions[region];
  return published === undefined
    ? { value: config.provider_average, source: 'provider_average' }
    : { value: published, source: 'region' };
}
