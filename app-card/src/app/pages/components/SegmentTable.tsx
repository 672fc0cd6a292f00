import { Heading, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';

import { formatCount, formatPercent } from '../format/formatFigures.ts';
import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import type { Funnel } from '@journey-stages/contract/funnel-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

/**
 * The funnel split by the chosen property: for each value, how many entered each stage in
 * the period and how many of them moved on, side by side, so the value where journeys stall stands out.
 */
export function SegmentTable({ funnel }: { funnel: Funnel }) {
  const words = useWords();
  const segments = funnel.segments ?? [];
  const stages = funnel.model.stages.slice(0, -1);
  return (
    <>
      <Heading>{words.t('home.segments.title')}</Heading>
      {segments.length === 0 ? (
        <Text testId="segment-none">{words.t('home.segments.none')}</Text>
      ) : (
        <Table testId="segment-table" bordered>
          <TableHead>
            <TableRow>
              <TableHeader>{words.t('home.segments.segment')}</TableHeader>
              {stages.map((s) => (
                <TableHeader key={s.id}>
                  {words.t('home.segments.stage', { stage: stageLabel(funnel.model, s.id) })}
                </TableHeader>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {segments.map((seg) => (
              <TableRow key={seg.value} testId={`segment-row-${seg.value}`}>
                <TableCell>
                  <Text testId={`segment-label-${seg.value}`}>{seg.label}</Text>
                </TableCell>
                {stages.map((s) => {
                  const row = seg.stages.find((r) => r.stage === s.id);
                  return (
                    <TableCell key={s.id}>
                      <Text testId={`segment-${seg.value}-${s.id}`}>
                        {row
                          ? `${formatCount(row.entered, words)}, ${formatPercent(row.conversionToNext, words)}`
                          : '–'}
                      </Text>
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
