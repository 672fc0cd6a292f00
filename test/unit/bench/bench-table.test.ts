import { describe, expect, it } from 'vitest';
import { rewriteBenchTable, TABLE_END, TABLE_START, type RunContext } from '../../../bench/bench-table.ts';

const context: RunContext = { date: '2026-12-02', node: 'v24.21.0', cores: 2, cpu: 'AMD EPYC', load: 7.25 };
const page = [
  '# App',
  '',
  'Some text.',
  TABLE_START,
  '',
  'Last rewritten long ago.',
  '',
  '| benchmark | metric | value | goal | met | measured |',
  '| --- | --- | --- | --- | --- | --- |',
  '| engine (a) | rate | 100 | ≥ 200 | no | 2026-11-22, 2 cores |',
  '| intake | p99 | 300 ms | ≤ 50 ms | no | 2026-11-22, 2 cores |',
  '',
  TABLE_END,
  '',
  'After the table.',
].join('\n');

describe('rewriteBenchTable', () => {
  it('replaces the measured rows in place with value, goal met and date, and keeps the rows not measured', () => {
    const out = rewriteBenchTable(
      page,
      [{ benchmark: 'engine (a)', metric: 'rate', value: '250', goal: '≥ 200', met: true }],
      context,
    );
    expect(out).toContain('| engine (a) | rate | 250 | ≥ 200 | yes | 2026-12-02, 2 cores, load 7.3 |');
    expect(out).not.toContain('| 100 |');
    expect(out).toContain('| intake | p99 | 300 ms | ≤ 50 ms | no | 2026-11-22, 2 cores |');
    expect(out.indexOf('engine (a)')).toBeLessThan(out.indexOf('| intake |'));
    expect(out).toContain('Last rewritten 2026-12-02: Node v24.21.0, 2 × AMD EPYC, load average up to 7.3');
    expect(out).not.toContain('long ago');
  });

  it('adds rows it has not seen at the end, says "no" for a goal missed, and leaves the rest of the page alone', () => {
    const out = rewriteBenchTable(
      page,
      [{ benchmark: 'new', metric: 'p99', value: '30 ms', goal: '< 20 ms', met: false }],
      context,
    );
    const table = out.slice(out.indexOf(TABLE_START), out.indexOf(TABLE_END));
    expect(table.trim().split('\n').at(-1)).toBe(
      '| new | p99 | 30 ms | < 20 ms | no | 2026-12-02, 2 cores, load 7.3 |',
    );
    expect(out.startsWith('# App\n\nSome text.\n')).toBe(true);
    expect(out.endsWith(`${TABLE_END}\n\nAfter the table.`)).toBe(true);
  });

  it("puts a new metric of a benchmark already in the table right after that benchmark's rows", () => {
    const out = rewriteBenchTable(
      page,
      [
        { benchmark: 'engine (a)', metric: 'rate', value: '250', goal: '≥ 200', met: true },
        { benchmark: 'engine (a)', metric: 'loaded', value: '90', goal: '≥ 200', met: false },
      ],
      context,
    );
    const rows = out.split('\n').filter((line) => line.startsWith('| engine') || line.startsWith('| intake'));
    expect(rows.map((line) => line.split(' | ')[1])).toEqual(['rate', 'loaded', 'p99']);
  });

  it("drops a measured benchmark's metric the run no longer reports, and keeps other benchmarks' rows", () => {
    const out = rewriteBenchTable(
      page.replace('| intake | p99 |', '| engine (a) | old metric | 1 | | | 2026-11-22 |\n| intake | p99 |'),
      [{ benchmark: 'engine (a)', metric: 'rate', value: '250', goal: '≥ 200', met: true }],
      context,
    );
    expect(out).not.toContain('old metric');
    expect(out).toContain('| engine (a) | rate | 250 |');
    expect(out).toContain('| intake | p99 | 300 ms |');
  });

  it('writes nothing but throws when the page has no markers', () => {
    expect(() => rewriteBenchTable('# App\n| a | b | c | d |', [], context)).toThrow(/markers/);
  });

  it('leaves the met cell empty for a row without a checkable goal, and escapes a | in a value', () => {
    const out = rewriteBenchTable(page, [{ benchmark: 'x', metric: 'y', value: 'a | b' }], context);
    expect(out).toContain('| x | y | a \\| b |  |  | 2026-12-02, 2 cores, load 7.3 |');
  });
});
