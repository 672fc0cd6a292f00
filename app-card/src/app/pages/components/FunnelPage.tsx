import { Flex, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';

import { useWords } from '@journey-stages/extension-kit/use-words';

import { periodRange, type CalendarDate, type Period } from '../format/periodRange.ts';
import { FunnelResults } from './FunnelResults.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { SegmentPicker } from './SegmentPicker.tsx';

export interface FunnelPageProps {
  /** The service, from the config profile's SERVICE_URL (@journey-stages/service-url). */
  baseUrl: string;
  portalId: number;
  now?: () => Date;
}

/** The sales manager's home page body: pick a period, see the journey funnel of the portal. */
export function FunnelPage({ baseUrl, portalId, now = () => new Date() }: FunnelPageProps) {
  const [period, setPeriod] = useState<Period>({ kind: 'last', days: 90 });
  const [segment, setSegment] = useState('');
  const words = useWords();
  const today = now();
  const range = periodRange(period, today);
  return (
    <Flex direction="column" gap="md">
      <Text>{words.t('home.intro')}</Text>
      <PeriodPicker
        period={period}
        defaultBetween={lastDays(today, period.kind === 'last' ? period.days : 90)}
        onChange={setPeriod}
        errors={range.success ? [] : range.errors.map((problem) => words.t(problem))}
      />
      <SegmentPicker segment={segment} onChange={setSegment} />
      {range.success && (
        <FunnelResults baseUrl={baseUrl} portalId={portalId} range={range.data} segment={segment || undefined} />
      )}
    </Flex>
  );
}

function lastDays(today: Date, days: number): { from: CalendarDate; to: CalendarDate } {
  const day = (ms: number): CalendarDate => {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate() };
  };
  return { from: day(today.getTime() - (days - 1) * 86_400_000), to: day(today.getTime()) };
}
