import type { CrmContext, ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { LoadingSpinner } from '@hubspot/ui-extensions';

import { wordsFor } from '@journey-stages/contract/words';
import type { Fetcher } from '@journey-stages/extension-kit/signed-fetch';
import { serviceUrlFrom } from '@journey-stages/service-url';
import { ServiceUrlMissing } from '@journey-stages/service-url/ServiceUrlMissing';
import { useJourney } from '../hooks/useJourney.ts';
import { EmptyJourney } from './EmptyJourney.tsx';
import { JourneyCompact } from './JourneyCompact.tsx';
import { JourneyDetails } from './JourneyDetails.tsx';
import { JourneyErrorState } from './JourneyErrorState.tsx';

export interface JourneyCardViewProps {
  context: CrmContext;
  actions: Pick<ExtensionPointApiActions<'crm.record.tab'>, 'reloadPage'>;
  /** The clock for "how long in this stage"; tests pass a fixed one. */
  now?: () => Date;
  /** "tab": the whole journey (crm.record.tab); "compact": the sidebar and the preview panel. */
  variant?: 'tab' | 'compact';
  /** Tests pass their own; in HubSpot it is hubspot.fetch. */
  fetcher?: Fetcher;
}

/** A contact's journey on its record: the service's address from the config profile, then the journey. */
export function JourneyCardView(props: JourneyCardViewProps) {
  const service = serviceUrlFrom(props.context.variables);
  if (!service.success) return <ServiceUrlMissing reason={service.errors} />;
  return <JourneyCardBody {...props} baseUrl={service.data} />;
}

/** One of loading, ready, empty or error. */
function JourneyCardBody({
  context,
  actions,
  baseUrl,
  now = () => new Date(),
  variant = 'tab',
  fetcher,
}: JourneyCardViewProps & { baseUrl: string }) {
  const words = wordsFor({ locale: context.user.locale, timeZone: context.portal.timezone });
  const contactId = context.crm.objectId;
  const { state, retry, snooze, lift } = useJourney({ baseUrl, contactId, fetcher });

  switch (state.status) {
    case 'loading':
      return <LoadingSpinner testId="journey-loading" label={words.t('journey.loading')} showLabel layout="centered" />;
    case 'empty':
      return <EmptyJourney onRetry={retry} words={words} />;
    case 'error':
      return (
        <JourneyErrorState
          error={state.error}
          notFound={{ contactId }}
          words={words}
          onRetry={retry}
          onReload={() => actions.reloadPage()}
        />
      );
    case 'ready': {
      const shared = {
        journey: state.journey,
        portalId: context.portal.id,
        words,
        now: now(),
        snooze: { snooze, lift },
      };
      return variant === 'tab' ? <JourneyDetails {...shared} /> : <JourneyCompact {...shared} />;
    }
    default: {
      const unexpected: never = state;
      throw new Error(`[journey-card] unknown state ${JSON.stringify(unexpected)}`);
    }
  }
}
