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
  switch (state.status) {
    case 'loading':
      return <LoadingSpinner testId="funnel-loading" label="Computing the funnel" layout="centered" />;
    case 'error':
      return <FunnelErrorState error={state.error} onRetry={retry} />;
    case 'empty':
      return (
        <EmptyState testId="funnel-empty" title="No contact has a journey stage yet" layout="vertical">
          <Text testId="funnel-empty-advice">
            Journey Stages is still deriving the stages of your existing contacts, or the portal has none yet. The app's
            settings page shows the progress; come back when it is done.
          </Text>
        </EmptyState>
      );
    case 'ready': {
      const stop = dropOff(state.funnel);
      return (
        <>
          <Text testId="funnel-dropoff" format={{ fontWeight: 'demibold' }}>
            {stop ? stop.sentence : 'No contact entered a stage in this period, so there is no drop-off to show.'}
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
