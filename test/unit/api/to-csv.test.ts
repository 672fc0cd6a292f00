import fc from 'fast-check';
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
    ['a formula behind a leading TAB', ['\t=1+1'], `'\t=1+1`],
    ['a formula behind a leading CR', ['\r=1+1'], `"'\r=1+1"`],
    ['full-width = + - @', ['＝1+1', '＋1', '－1', '＠sum'], `'＝1+1,'＋1,'－1,'＠sum`],
  ])('toCsv(%s) quotes as RFC 4180 says', (_name, row, line) => {
    expect(toCsv(['a'], [row])).toBe(`a\r\n${line}\r\n`);
  });

  it('toCsv(text starting with a formula trigger) always starts the cell with a quote mark, never the trigger (fuzz)', () => {
    const trigger = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠');
    fc.assert(
      fc.property(trigger, fc.string(), (first, rest) => {
        const line = toCsv(['a'], [[first + rest]]).split('\r\n')[1]!;
        expect(line.replace(/^"/, '').startsWith("'")).toBe(true);
      }),
    );
  });

  it('toCsv(no rows) is the header row alone', () => {
    expect(toCsv(['stage', 'entered'], [])).toBe('stage,entered\r\n');
  });
});
