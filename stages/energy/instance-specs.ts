import { cellReader } from './data/csv-cells.js';
import type { CsvTable } from './data/csv-table.js';
import { architectureOfCpu } from './power-curve-table.js';
import type { CurveArchitecture, InstancePowerRow } from './power-curve.js';

/** Size of an instance type, for types the inventory does not describe (node group members). */
export interface InstanceSpec {
  vcpus: number;
  memoryGb: number;
  architecture: CurveArchitecture;
}

/**
 * Builds the size table from CCF's 2026 instance list (data/power/ccf_aws_instances_latest_2026_embodied.csv,
 * 1195 types) and fills in types only the measured table has. Memory is in GiB in the first and GB
 * in the second; the difference (7 percent) is below the spread of the curves and is ignored.
 * @throws ValidationError (DATA_INVALID) naming the bad cell.
 */
export function parseInstanceSpecs(
  latest: CsvTable,
  measured: ReadonlyMap<string, InstancePowerRow>,
): Map<string, InstanceSpec> {
  const specs = new Map<string, InstanceSpec>();
  for (const row of latest.rows) {
    const cells = cellReader(latest, row);
    specs.set(cells.text('Instance Type').toLowerCase(), {
      vcpus: cells.nonNegativeNumber('vCPUs'),
      memoryGb: cells.nonNegativeNumber('Memory (GiB)'),
      architecture: architectureOfCpu(cells.text('Platform CPU Name')),
    });
  }
  for (const row of measured.values()) {
    if (!specs.has(row.instanceType)) {
      specs.set(row.instanceType, {
        vcpus: row.vcpus,
        memoryGb: row.memoryGb,
        architecture: row.architecture,
      });
    }
  }
  return specs;
}
