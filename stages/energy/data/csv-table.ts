import { ValidationError } from '../../../pipeline/errors/eaawas-error.js';

/** One data row of a CSV file, with the 1-based line it started on for error messages. */
export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
}

/**
 * Parses RFC 4180 CSV text: quoted fields may hold commas, doubled quotes and line breaks. The first
 * record is the header. A trailing newline is optional and a UTF-8 byte order mark is dropped.
 * @param file name used in error messages.
 * @throws ValidationError (DATA_INVALID) on an unterminated quote or a row whose cell count differs
 *   from the header's.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), file);
  const first = records.shift();
  if (first === undefined) {
    throw dataError(file, 1, 1, 'the file is empty; expected a header row');
  }
  const header = first.cells.map((cell) => cell.trim());
  for (const record of records) {
    if (record.cells.length !== header.length) {
      throw dataError(file, record.line, 1, `expected ${header.length} cells, found ${record.cells.length}`);
    }
  }
  return { file, header, rows: records };
}

function splitRecords(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;

  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') {
          line += 1;
        }
        cell += char;
      }
      continue;
    }
    if (char === '"') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') {
        i += 1;
      }
      cells.push(cell);
      rows.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line += 1;
      recordLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) {
    throw dataError(file, quoteLine, 1, 'a quoted cell is not closed before the end of the file');
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: recordLine, cells });
  }
  return rows.filter((row) => !(row.cells.length === 1 && row.cells[0] === ''));
}

/** Builds the error for a bad cell: file, 1-based line and column, and what was wrong. */
export function dataError(file: string, line: number, column: number, message: string, value?: string): ValidationError {
  const location = `${file}:${line}:${column}`;
  return new ValidationError('DATA_INVALID', `Invalid data at ${location}: ${message}`, [
    { path: location, message, ...(value === undefined ? {} : { value }) },
  ]);
}
