import { readFileSync } from 'node:fs';
import { ValidationError } from '../../pipeline/errors/eaawas-error.js';
import { parseCsv } from '../energy/data/csv-table.js';

/** Inventory facts of an instance type: vCPUs, memory, architecture and GPUs. */
export interface InstanceSpec {
  vcpus: number;
  memoryMib: number;
  architecture: 'x86_64' | 'arm64';
  gpus: number;
}

/** Parses a Teads number, which uses a decimal comma ("0,29") or `N/A`. */
function teadsNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '' || text.trim() === 'N/A') {
    return null;
  }
  const value = Number(text.trim().replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/**
 * Reads vCPUs, memory, architecture and GPUs per instance type from the Teads EC2 dataset
 * (data/power/ccf_aws_instances_teads.csv). Memory is given there in GB and taken as GiB, as AWS
 * lists it; a CPU named Graviton means arm64.
 */
export function loadInstanceSpecs(path: string): Map<string, InstanceSpec> {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const column = (name: string): number => {
    const index = table.header.indexOf(name);
    if (index < 0) {
      throw new ValidationError('DATA_INVALID', `Column "${name}" missing in ${path}.`, []);
    }
    return index;
  };
  const typeColumn = column('Instance type');
  const vcpuColumn = column('Instance vCPU');
  const cpuNameColumn = column('Platform CPU Name');
  const memoryColumn = column('Instance Memory (in GB)');
  const gpuColumn = column('Instance Number of GPU');

  const specs = new Map<string, InstanceSpec>();
  for (const { cells: row } of table.rows) {
    const type = row[typeColumn]?.trim();
    const vcpus = teadsNumber(row[vcpuColumn]);
    const memoryGib = teadsNumber(row[memoryColumn]);
    if (type === undefined || type === '' || vcpus === null || memoryGib === null) {
      continue;
    }
    specs.set(type, {
      vcpus,
      memoryMib: Math.round(memoryGib * 1024),
      architecture: /graviton/i.test(row[cpuNameColumn] ?? '') ? 'arm64' : 'x86_64',
      gpus: teadsNumber(row[gpuColumn]) ?? 0,
    });
  }
  return specs;
}
