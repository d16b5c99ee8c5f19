import { dataError, type CsvRow, type CsvTable } from './csv-table.js';

/** Reads the cells of one row by header name, converting numbers with the file, line and column in errors. */
export interface CellReader {
  text(column: string): string;
  /** A finite number; accepts a decimal comma (`"0,29"`) as the Teads sheet writes it. */
  number(column: string): number;
  /** Like `number`, but also rejects negative values. */
  nonNegativeNumber(column: string): number;
  /** Like `number`, but returns null for an empty cell or `N/A`. */
  optionalNumber(column: string): number | null;
}

/**
 * Creates a reader for one row of a table.
 * @throws ValidationError (DATA_INVALID) when a column is missing from the header.
 */
export function cellReader(table: CsvTable, row: CsvRow): CellReader {
  function locate(column: string): { index: number; raw: string } {
    const index = table.header.indexOf(column);
    if (index < 0) {
      throw dataError(table.file, 1, 1, `missing column "${column}"`);
    }
    return { index, raw: (row.cells[index] ?? '').trim() };
  }

  function parse(column: string, allowMissing: boolean): number | null {
    const { index, raw } = locate(column);
    if (allowMissing && (raw === '' || raw === 'N/A')) {
      return null;
    }
    const value = parseDecimal(raw);
    if (value === null) {
      throw dataError(table.file, row.line, index + 1, `column "${column}" is not a number`, raw);
    }
    return value;
  }

  function nonNegative(column: string): number {
    const value = parse(column, false) as number;
    if (value < 0) {
      const { index, raw } = locate(column);
      throw dataError(table.file, row.line, index + 1, `column "${column}" must not be negative`, raw);
    }
    return value;
  }

  return {
    text: (column) => locate(column).raw,
    number: (column) => parse(column, false) as number,
    nonNegativeNumber: nonNegative,
    optionalNumber: (column) => parse(column, true),
  };
}

/** Parses `12`, `0.29`, `0,29` or `-1.5e3`; returns null for anything else, including NaN and infinity. */
export function parseDecimal(raw: string): number | null {
  const normalized = raw.trim().replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(normalized)) {
    return null;
  }
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}
