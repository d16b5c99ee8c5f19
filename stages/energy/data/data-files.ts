import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { defaultConfigPath } from '../../../pipeline/config/load-config.js';
import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';
import { parseCsv, type CsvTable } from './csv-table.js';

/** Resolves a configured data folder: absolute paths as given, relative ones from the project root. */
export function resolveDataDirectory(configured: string): string {
  if (isAbsolute(configured)) {
    return configured;
  }
  const projectRoot = dirname(dirname(defaultConfigPath()));
  return join(projectRoot, configured);
}

/**
 * Reads and parses one CSV file of the data folder.
 * @param relativePath path below the data folder, for example `power/ccf_aws_instances_teads.csv`;
 *   error messages name it this way.
 * @throws EaawasError (DATA_INVALID) when the file cannot be read; ValidationError when it cannot be parsed.
 */
export function readDataCsv(dataDirectory: string, relativePath: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(join(dataDirectory, relativePath), 'utf8');
  } catch (error) {
    throw new EaawasError('DATA_INVALID', `Cannot read data file ${relativePath} in ${dataDirectory}; check energy.data_dir`, {
      cause: error,
    });
  }
  return parseCsv(text, relativePath);
}
