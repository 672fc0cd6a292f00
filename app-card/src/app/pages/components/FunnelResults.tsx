import { EmptyState, LoadingSpinner, Text } from '@hubspot/ui-extensions';

import { dropOff } from '../format/dropOff.ts';
import type { DayRange } from '../format/periodRange.ts';
import { useFunnel } from '../hooks/useFunnel.ts';
import { FunnelChart } from './FunnelChart.tsx';
import { FunnelErrorState } from './FunnelErrorState.tsx';
import { FunnelTable } from './FunnelTable.tsx';
import { SegmentTable } from './SegmentTable.tsx';
import { CohortSection } from './CohortSection.tsx';
import { StalledSection } from './StalledSection.tsx';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** The funnel of one period (split by a segment when one is picked), then who is stalled now and the cohorts: loading, empty, error, or the figures. */
export function FunnelResults({
  baseUrl,
  portalId,
  range,
  segment,
}: {
  baseUrl: string;
  portalId: number;
  range: DayRange;
  segment?: string | undefined;
}) {
  const { state, retry } = useFunnel(baseUrl, portalId, range, segment);
  const words = useWords();
  switch (state.status) {
    case 'loading':
      return <LoadingSpinner testId="funnel-loading" label={words.t('home.loading')} layout="centered" />;
    case 'error':
      return <FunnelErrorState error={state.error} onRetry={retry} />;
    case 'empty':
      return (
        <EmptyState testId="funnel-empty" title={words.t('home.empty.title')} layout="vertical">
          <Text testId="funnel-empty-advice">{words.t('home.empty.body')}</Text>
        </EmptyState>
      );
    case 'ready': {
      const stop = dropOff(state.funnel, words);
      return (
        <>
          <Text testId="funnel-dropoff" format={{ fontWeight: 'demibold' }}>
            {stop ? stop.sentence : words.t('home.noDropOff')}
          </Text>
          <FunnelChart funnel={state.funnel} />
          <FunnelTable funnel={state.funnel} portalId={portalId} dropOffStage={stop?.stage ?? null} />
          {state.funnel.segments && <SegmentTable funnel={state.funnel} />}
          <StalledSection baseUrl={baseUrl} portalId={portalId} model={state.funnel.model} />
          <CohortSection baseUrl={baseUrl} range={range} model={state.funnel.model} />
        </>
      );
    }
    default: {
      const unexpected: never = state;
      throw new Error(`[journey-pages] unknown state ${JSON.stringify(unexpected)}`);
    }
  }
}
