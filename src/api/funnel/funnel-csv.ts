import type { CsvCell } from '../to-csv.ts';
import type { Funnel, FunnelStage } from '@journey-stages/contract/funnel-schema';

const STAGE_COLUMNS = [
  'stage',
  'current',
  'entered',
  'conversionToNext',
  'medianDaysInStage',
  'p50DaysInStage',
  'p75DaysInStage',
  'p90DaysInStage',
  'stuck',
] as const;
// The movers' block, flattened after the columns above (older readers keep their positions).
const MOVER_COLUMNS = ['moversCount', 'moversP50Days', 'moversP75Days', 'moversP90Days'] as const;
const HEADER = [...STAGE_COLUMNS, ...MOVER_COLUMNS];

const cells = (s: FunnelStage): CsvCell[] => [
  ...STAGE_COLUMNS.map((column) => s[column]),
  s.movers?.count,
  s.movers?.p50Days,
  s.movers?.p75Days,
  s.movers?.p90Days,
];

/**
 * The funnel's rows as a table: one row per stage; with a segment, two more columns in
 * front and the rows of every segment after the overall ones (segment "" there, label
 * "All contacts").
 */
export function funnelCsv(funnel: Funnel): { header: string[]; rows: CsvCell[][] } {
  if (funnel.segments === undefined) return { header: [...HEADER], rows: funnel.stages.map(cells) };
  return {
    header: ['segment', 'segmentLabel', ...HEADER],
    rows: [
      ...funnel.stages.map((s) => ['', 'All contacts', ...cells(s)]),
      ...funnel.segments.flatMap((g) => g.stages.map((s) => [g.value, g.label, ...cells(s)])),
    ],
  };
}
