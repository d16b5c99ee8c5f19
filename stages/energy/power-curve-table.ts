import { cellReader } from './data/csv-cells.js';
import { dataError, type CsvTable } from './data/csv-table.js';
import {
  constantPoints,
  instanceFamily,
  type CurveArchitecture,
  type CurvePoints,
  type InstancePowerRow,
} from './power-curve.js';

const LOAD_COLUMNS = ['Idle', '10%', '50%', '100%'] as const;

/**
 * Parses the Teads AWS instance table (data/power/ccf_aws_instances_teads.csv) into measured curves
 * by instance type. Numbers use decimal commas; `N/A` GPU counts mean no GPU.
 * @throws ValidationError (DATA_INVALID) naming file, line and column of the first bad cell.
 */
export function parsePowerCurveTable(table: CsvTable): Map<string, InstancePowerRow> {
  const rows = new Map<string, InstancePowerRow>();
  for (const row of table.rows) {
    const cells = cellReader(table, row);
    const instanceType = cells.text('Instance type').toLowerCase();
    if (instanceType === '') {
      throw dataError(table.file, row.line, 1, 'the instance type is empty');
    }
    const points = (prefix: string): CurvePoints => {
      const values = LOAD_COLUMNS.map((load) => cells.nonNegativeNumber(`${prefix} @ ${load}`));
      return values as unknown as CurvePoints;
    };
    const cpuName = cells.text('Platform CPU Name');
    rows.set(instanceType, {
      instanceType,
      family: instanceFamily(instanceType),
      architecture: architectureOfCpu(cpuName),
      vcpus: cells.nonNegativeNumber('Instance vCPU'),
      platformVcpus: cells.nonNegativeNumber('Platform Total Number of vCPU'),
      memoryGb: cells.nonNegativeNumber('Instance Memory (in GB)'),
      gpus: cells.optionalNumber('Instance Number of GPU') ?? 0,
      curve: {
        cpu: points('PkgWatt'),
        memory: points('RAMWatt'),
        gpu: points('GPUWatt'),
        other: constantPoints(cells.nonNegativeNumber('Delta Full Machine')),
      },
    });
  }
  return rows;
}

/** Graviton hosts are arm64; the one Core i7 host is the mac1 Mac mini; every other CPU is x86_64. */
export function architectureOfCpu(cpuName: string): CurveArchitecture {
  if (/graviton/i.test(cpuName)) {
    return 'arm64';
  }
  if (/core i7/i.test(cpuName)) {
    return 'x86_64_mac';
  }
  return 'x86_64';
}
