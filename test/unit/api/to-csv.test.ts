import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/api/to-csv.ts';

describe('toCsv', () => {
  it.each([
    ['plain text and numbers', ['awareness', 0.75], 'awareness,0.75'],
    ['null and undefined as empty cells', [null, undefined, 0], ',,0'],
    ['a comma', ['Smith, John'], '"Smith, John"'],
    ['a quote, doubled', ['the "best" one'], '"the ""best"" one"'],
    ['a line break', ['two\nlines', 'cr\rtoo'], '"two\nlines","cr\rtoo"'],
    ['a formula a spreadsheet would run', ['=HYPERLINK("x")', '+1', '@sum'], `"'=HYPERLINK(""x"")",'+1,'@sum`],
  ])('toCsv(%s) quotes as RFC 4180 says', (_name, row, line) => {
    expect(toCsv(['a'], [row])).toBe(`a\r\n${line}\r\n`);
  });

  it('toCsv(no rows) is the header row alone', () => {
    expect(toCsv(['stage', 'entered'], [])).toBe('stage,entered\r\n');
  });
});
