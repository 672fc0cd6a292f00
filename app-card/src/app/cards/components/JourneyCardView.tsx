import type { CrmContext, ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { LoadingSpinner } from '@hubspot/ui-extensions';

import { useJourney } from '../hooks/useJourney.ts';
import { serviceUrlFrom } from '@journey-stages/service-url';
import { EmptyJourney } from './EmptyJourney.tsx';
import { JourneyDetails } from './JourneyDetails.tsx';
import { JourneyErrorState } from './JourneyErrorState.tsx';
import { ServiceUrlMissing } from '@journey-stages/service-url/ServiceUrlMissing';

export interface JourneyCardViewProps {
  context: CrmContext;
  actions: Pick<ExtensionPointApiActions<'crm.record.tab'>, 'reloadPage'>;
  /** The clock for "how long in this stage"; tests pass a fixed one. */
  now?: () => Date;
}

/** The contact record tab: the service's address from the config profile, then the journey. */
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
}: JourneyCardViewProps & { baseUrl: string }) {
  const { state, retry } = useJourney({ baseUrl, portalId: context.portal.id, contactId: context.crm.objectId });

  switch (state.status) {
    case 'loading':
      return (
        <LoadingSpinner testId="journey-loading" label="Loading this contact's journey…" showLabel layout="centered" />
      );
    case 'empty':
      return <EmptyJourney onRetry={retry} />;
    case 'error':
      return (
        <JourneyErrorState
          error={state.error}
          contactId={context.crm.objectId}
          onRetry={retry}
          onReload={() => actions.reloadPage()}
        />
      );
    case 'ready':
      return (
        <JourneyDetails
          journey={state.journey}
          portalId={context.portal.id}
          timeZone={context.portal.timezone}
          now={now()}
        />
      );
    default: {
      const unexpected: never = state;
      throw new Error(`[journey-card] unknown state ${JSON.stringify(unexpected)}`);
    }
  }
}
