import { parseAnnualAverages } from '../carbon/annual-intensity.js';
import type { AnnualAverages } from '../carbon/intensity-lookup.js';
import { readDataCsv } from './data/data-files.js';
import { cellReader } from './data/csv-cells.js';
import { dataError } from './data/csv-table.js';
import { parseDefaultCoefficients } from './default-coefficients.js';
import { parseEmbodiedTable, type EmbodiedTable } from './embodied.js';
import { parseInstanceSpecs, type InstanceSpec } from './instance-specs.js';
import type { CurveTables } from './power-curve-resolver.js';
import { parsePowerCurveTable } from './power-curve-table.js';
import { parsePriceTable, type PriceTable } from './pricing.js';

/** Every table the energy model reads, loaded once at start-up. */
export interface EnergyData {
  curves: CurveTables;
  specs: ReadonlyMap<string, InstanceSpec>;
  embodied: EmbodiedTable;
  prices: PriceTable;
  annualIntensity: AnnualAverages;
}

export const ENERGY_DATA_FILES = {
  measuredCurves: 'power/ccf_aws_instances_teads.csv',
  constants: 'power/ccf_app_aws_constants.csv',
  microarchitectures: 'power/ccf_app_aws_watts_by_microarchitecture.csv',
  embodied: 'power/ccf_coefficients_aws_embodied.csv',
  instanceList: 'power/ccf_aws_instances_latest_2026_embodied.csv',
  prices: 'pricing/ec2_on_demand_linux.csv',
  annualIntensity: 'derived/region_annual_grid_intensity.csv',
} as const;

/**
 * Loads the energy model's tables from a data folder laid out like the project's data/.
 * @throws ValidationError (DATA_INVALID) naming the file, line and column of the first bad cell.
 */
export function loadEnergyData(dataDirectory: string): EnergyData {
  const read = (file: string) => readDataCsv(dataDirectory, file);
  const measured = parsePowerCurveTable(read(ENERGY_DATA_FILES.measuredCurves));
  const constants = read(ENERGY_DATA_FILES.constants);
  const defaults = parseDefaultCoefficients(constants, read(ENERGY_DATA_FILES.microarchitectures));
  const specs = parseInstanceSpecs(read(ENERGY_DATA_FILES.instanceList), measured);
  const lifespanRow = constants.rows.find((row) => row.cells[0] === 'SERVER_EXPECTED_LIFESPAN');
  if (lifespanRow === undefined) {
    throw dataError(constants.file, 1, 1, 'missing constant SERVER_EXPECTED_LIFESPAN');
  }
  const lifespanHours = cellReader(constants, lifespanRow).nonNegativeNumber('value');
  return {
    curves: { measured, defaults },
    specs,
    embodied: parseEmbodiedTable(read(ENERGY_DATA_FILES.embodied), measured, lifespanHours),
    prices: parsePriceTable(read(ENERGY_DATA_FILES.prices), specs),
    annualIntensity: parseAnnualAverages(read(ENERGY_DATA_FILES.annualIntensity)),
  };
}
