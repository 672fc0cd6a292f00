import type { BenchRow } from './bench-row.ts';

/** The lines of docs/performance.md between these markers are the benchmark table `npm run bench -- --write-docs` rewrites. */
export const TABLE_START = '<!-- bench-table:start (npm run bench -- --write-docs rewrites this table) -->';
export const TABLE_END = '<!-- bench-table:end -->';

/** Where and when a run measured: the date, the machine and how busy it was (figures are noisy on a shared machine). */
export type RunContext = { date: string; node: string; cores: number; cpu: string; load: number };

const HEADER = ['| benchmark | metric | value | goal | met | measured |', '| --- | --- | --- | --- | --- | --- |'];

/** "yes" / "no" when the row says whether its goal was met, "" when it has no goal to check. */
export function metCell(row: Pick<BenchRow, 'goal' | 'met'>): string {
  if (row.met === undefined) return '';
  return row.met ? 'yes' : 'no';
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function measuredCell(context: RunContext): string {
  return `${context.date}, ${context.cores} cores, load ${context.load.toFixed(1)}`;
}

export function renderRow(row: BenchRow, context: RunContext): string {
  const cells = [row.benchmark, row.metric, row.value, row.goal ?? '', metCell(row), measuredCell(context)];
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** The key a table line is replaced by: its benchmark and metric cells. */
function keyOfLine(line: string): string | undefined {
  const cells = line.split(/(?<!\\) \| /);
  if (cells.length < 3 || !line.startsWith('| ')) return undefined;
  if (line.startsWith('| ---') || line.startsWith('| benchmark |')) return undefined;
  return `${cells[0]?.slice(2)}\u0000${cells[1]}`;
}

/**
 * The page with the lines between the markers replaced: the run's rows take the place of
 * the rows of the same benchmark and metric, rows of benchmarks this run did not measure stay
 * as they were (with their own date), a measured benchmark's metrics the run did not report
 * are dropped (renamed or gone), and a new row goes after the rows of its benchmark, or at the end.
 * Throws when the markers are missing, so
 * that nothing else of the page is ever rewritten.
 */
export function rewriteBenchTable(page: string, rows: readonly BenchRow[], context: RunContext): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`[bench] docs/performance.md has no benchmark table markers (${TABLE_START} … ${TABLE_END})`);
  }
  const oldLines = page
    .slice(start + TABLE_START.length, end)
    .split('\n')
    .filter((line) => keyOfLine(line) !== undefined);
  const fresh = new Map<string, string>(
    rows.map((row) => [`${cell(row.benchmark)}\u0000${cell(row.metric)}`, renderRow(row, context)] as const),
  );
  // A benchmark this run measured no longer has the metrics it did not report (renamed or gone).
  const measured = new Set(rows.map((row) => `${cell(row.benchmark)}\u0000`));
  const lines = oldLines.flatMap((line) => {
    const key = keyOfLine(line) as string;
    const replacement = fresh.get(key);
    fresh.delete(key);
    if (replacement !== undefined) return [replacement];
    return measured.has(key.slice(0, key.indexOf('\u0000') + 1)) ? [] : [line];
  });
  // A new metric of a benchmark already in the table goes after that benchmark's last row.
  for (const [key, line] of fresh) {
    const benchmark = key.slice(0, key.indexOf('\u0000') + 1);
    const last = lines.findLastIndex((l) => keyOfLine(l)?.startsWith(benchmark));
    lines.splice(last < 0 ? lines.length : last + 1, 0, line);
  }
  const machine =
    `Last rewritten ${context.date}: Node ${context.node}, ${context.cores} × ${context.cpu}, ` +
    'load average up to ' +
    `${context.load.toFixed(1)} (1 min, as \`uptime\` shows it). Rows that run did not measure keep their own date.`;
  const table = ['', machine, '', ...HEADER, ...lines, ''].join('\n');
  return page.slice(0, start + TABLE_START.length) + table + page.slice(end);
}
