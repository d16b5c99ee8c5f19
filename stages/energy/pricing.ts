import { cellReader } from './data/csv-cells.js';
import type { CsvTable } from './data/csv-table.js';
import type { InstanceSpec } from './instance-specs.js';

/** On-demand Linux list prices, USD per instance-hour (data/pricing/ec2_on_demand_linux.csv, as of about 2024-08-09). */
export interface PriceTable {
  byRegionAndType: ReadonlyMap<string, number>;
  /** Median USD per vCPU-hour of each region, for types without a price there. */
  perVcpuByRegion: ReadonlyMap<string, number>;
  /** Median USD per vCPU-hour over every region. */
  perVcpuOverall: number;
}

export type PriceSource = 'list_price' | 'region_median_per_vcpu' | 'overall_median_per_vcpu';

export function parsePriceTable(table: CsvTable, specs: ReadonlyMap<string, InstanceSpec>): PriceTable {
  const byRegionAndType = new Map<string, number>();
  const perVcpu = new Map<string, number[]>();
  const all: number[] = [];
  for (const row of table.rows) {
    const cells = cellReader(table, row);
    const region = cells.text('region');
    const instanceType = cells.text('instance_type').toLowerCase();
    const price = cells.nonNegativeNumber('usd_per_hour');
    byRegionAndType.set(priceKey(region, instanceType), price);
    const vcpus = specs.get(instanceType)?.vcpus;
    if (vcpus !== undefined && vcpus > 0) {
      const list = perVcpu.get(region) ?? [];
      list.push(price / vcpus);
      perVcpu.set(region, list);
      all.push(price / vcpus);
    }
  }
  return {
    byRegionAndType,
    perVcpuByRegion: new Map([...perVcpu].map(([region, prices]) => [region, median(prices)])),
    perVcpuOverall: all.length === 0 ? 0 : median(all),
  };
}

/**
 * Looks up the hourly price of a type in a region. A type without a list price there is priced at
 * the region's median per-vCPU price times its vCPUs, or the overall median for an unknown region.
 */
export function hourlyPrice(
  table: PriceTable,
  region: string,
  instanceType: string,
  vcpus: number,
): { usdPerHour: number; source: PriceSource } {
  const listed = table.byRegionAndType.get(priceKey(region, instanceType.toLowerCase()));
  if (listed !== undefined) {
    return { usdPerHour: listed, source: 'list_price' };
  }
  const regional = table.perVcpuByRegion.get(region);
  if (regional !== undefined) {
    return { usdPerHour: regional * vcpus, source: 'region_median_per_vcpu' };
  }
  return { usdPerHour: table.perVcpuOverall * vcpus, source: 'overall_median_per_vcpu' };
}

function priceKey(region: string, instanceType: string): string {
  return `${region}|${instanceType}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
