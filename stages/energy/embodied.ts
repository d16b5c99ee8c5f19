import { cellReader } from './data/csv-cells.js';
import type { CsvTable } from './data/csv-table.js';
import { instanceFamily, type InstancePowerRow } from './power-curve.js';

/**
 * Embodied (manufacturing) emissions per vCPU-hour. CCF's coefficients give the whole host's
 * emissions in kgCO2e; a share proportional to the instance's vCPUs of the host's vCPUs is
 * amortised over the server lifespan (SERVER_EXPECTED_LIFESPAN, 35,040 h = 4 years).
 */
export interface EmbodiedTable {
  /** grams CO2e per vCPU-hour by instance type. */
  byType: ReadonlyMap<string, number>;
  /** Mean grams CO2e per vCPU-hour by family, for types without a row. */
  byFamily: ReadonlyMap<string, number>;
  /** Mean over every type, the last fallback. */
  overall: number;
}

/**
 * Joins ccf_coefficients_aws_embodied.csv (host kgCO2e by type) with the measured table's host vCPU
 * counts. Types without a host vCPU count are skipped.
 */
export function parseEmbodiedTable(
  coefficients: CsvTable,
  measured: ReadonlyMap<string, InstancePowerRow>,
  lifespanHours: number,
): EmbodiedTable {
  const byType = new Map<string, number>();
  const familySums = new Map<string, { sum: number; count: number }>();
  for (const row of coefficients.rows) {
    const cells = cellReader(coefficients, row);
    const instanceType = cells.text('type').toLowerCase();
    const hostKg = cells.nonNegativeNumber('total');
    const host = measured.get(instanceType);
    if (host === undefined || host.platformVcpus <= 0) {
      continue;
    }
    const gramsPerVcpuHour = (hostKg * 1000) / host.platformVcpus / lifespanHours;
    byType.set(instanceType, gramsPerVcpuHour);
    const family = familySums.get(host.family) ?? { sum: 0, count: 0 };
    family.sum += gramsPerVcpuHour;
    family.count += 1;
    familySums.set(host.family, family);
  }
  const byFamily = new Map([...familySums].map(([family, { sum, count }]) => [family, sum / count]));
  const values = [...byType.values()];
  const overall = values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  return { byType, byFamily, overall };
}

/** Grams CO2e of embodied emissions of one instance for a duration, in hours. */
export function embodiedGrams(
  table: EmbodiedTable,
  instanceType: string,
  vcpus: number,
  hours: number,
): number {
  const type = instanceType.toLowerCase();
  const perVcpuHour = table.byType.get(type) ?? table.byFamily.get(instanceFamily(type)) ?? table.overall;
  const grams = perVcpuHour * vcpus * hours;
  return Number.isFinite(grams) && grams > 0 ? grams : 0;
}
