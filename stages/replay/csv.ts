/**
 * Splits one CSV line into fields (RFC 4180): fields may be quoted, a quoted field may contain
 * commas, and a doubled quote inside quotes is one quote. Line breaks inside quotes are not
 * supported, which the bundled data files never use.
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/** A parsed CSV text: the header fields and the data rows, with blank lines dropped. */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Parses a whole CSV text whose first line is the header; accepts LF and CRLF line ends. */
export function parseCsv(text: string): CsvTable {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const [headerLine, ...dataLines] = lines;
  return {
    header:
      headerLine === undefined
        ? []
        : splitCsvLine(headerLine).map((name) => name.replace(/^\uFEFF/, '').trim()),
    rows: dataLines.map(splitCsvLine),
  };
}
