import type { Carbon } from '../../schemas/definitions/carbon.js';
import { HOUR_MS } from '../carbon/hourly-series.js';

/**
 * Observed hourly grid intensity per region, from the carbon topic. Forecasts and hours that the
 * source itself filled with an annual average are not kept, so the energy stage applies its own
 * fallback and labels it. Keeps the latest `historyHours` hours of each region.
 */
export class CarbonObservations {
  private readonly regions = new Map<string, Map<number, number>>();

  constructor(private readonly historyHours: number) {}

  /** Stores one carbon message; returns false when it was a forecast or a fallback and was skipped. */
  record(carbon: Carbon): boolean {
    if (carbon.kind !== 'observed' || carbon.fallback) {
      return false;
    }
    const hour = Date.parse(carbon.hour);
    if (!Number.isFinite(hour)) {
      return false;
    }
    const hours = this.regions.get(carbon.region) ?? new Map<number, number>();
    this.regions.set(carbon.region, hours);
    hours.set(hour, carbon.intensity_g_per_kwh);
    this.prune(hours);
    return true;
  }

  /** Returns the observed figure of a region for the UTC hour starting at `hourMs`, or undefined. */
  figure(region: string, hourMs: number): number | undefined {
    return this.regions.get(region)?.get(hourMs);
  }

  private prune(hours: Map<number, number>): void {
    if (hours.size <= this.historyHours) {
      return;
    }
    const newest = Math.max(...hours.keys());
    const oldestKept = newest - (this.historyHours - 1) * HOUR_MS;
    for (const hour of hours.keys()) {
      if (hour < oldestKept) {
        hours.delete(hour);
      }
    }
  }
}
