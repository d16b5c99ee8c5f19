import { cellReader, parseDecimal } from '../../../stages/energy/data/csv-cells.js';
import { parseCsv } from '../../../stages/energy/data/csv-table.js';
import { ValidationError } from '../../../pipeline/errors/eaawas-error.js';
import { parsePowerCurveTable } from '../../../stages/energy/power-curve-table.js';

describe('csv parsing', () => {
  test('quoted decimal commas parse', () => {
    const table = parseCsv('name,watts\nm5.large,"0,29"\n', 'sample.csv');
    const row = table.rows[0];
    expect(row).toBeDefined();
    expect(cellReader(table, row!).number('watts')).toBe(0.29);
  });

  test('decimal parser rejects junk', () => {
    expect(parseDecimal('1,5')).toBe(1.5);
    expect(parseDecimal('abc')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('Infinity')).toBeNull();
    expect(parseDecimal('NaN')).toBeNull();
  });

  test('bad cell error names file, line, column', () => {
    const table = parseCsv('name,watts\nm5.large,1\nt3.medium,"x,1"\n', 'power/sample.csv');
    const row = table.rows[1];
    expect(() => cellReader(table, row!).number('watts')).toThrow('power/sample.csv:3:2');
    try {
      cellReader(table, row!).number('watts');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('DATA_INVALID');
      expect((error as ValidationError).issues[0]?.value).toBe('x,1');
    }
  });

  test('quoted line breaks keep line numbers', () => {
    const table = parseCsv('a,b\n"multi\nline",1\nx,"oops"\n', 'f.csv');
    expect(table.rows.map((row) => row.line)).toEqual([2, 4]);
    expect(() => cellReader(table, table.rows[1]!).number('b')).toThrow('f.csv:4:2');
  });

  test('wrong cell count is rejected', () => {
    expect(() => parseCsv('a,b\n1,2,3\n', 'f.csv')).toThrow('f.csv:2:1');
  });

  test('unterminated quote is rejected', () => {
    expect(() => parseCsv('a,b\n1,"2\n', 'f.csv')).toThrow('not closed');
  });

  test('negative watts in power table rejected', () => {
    const header =
      'Instance type,Instance vCPU,Platform Total Number of vCPU,Platform CPU Name,Instance Memory (in GB),Instance Number of GPU,' +
      'PkgWatt @ Idle,PkgWatt @ 10%,PkgWatt @ 50%,PkgWatt @ 100%,RAMWatt @ Idle,RAMWatt @ 10%,RAMWatt @ 50%,RAMWatt @ 100%,' +
      'GPUWatt @ Idle,GPUWatt @ 10%,GPUWatt @ 50%,GPUWatt @ 100%,Delta Full Machine';
    const row = 'x1.large,2,16,Xeon,8,N/A,"1,0","-2,0",3,4,1,1,1,1,0,0,0,0,"0,5"';
    expect(() => parsePowerCurveTable(parseCsv(`${header}\n${row}\n`, 'teads.csv'))).toThrow('teads.csv:2:8');
  });
});
