import type { CrmContext, ExtensionPointApiActions } from '@hubspot/ui-extensions';
import { Button, Divider, EmptyState, ErrorState, Flex, LoadingSpinner, Tag, Text } from '@hubspot/ui-extensions';

import type { TicketContactJourney, TicketJourneys } from '@journey-stages/contract/ticket-journeys-schema';
import { type Words, wordsFor } from '@journey-stages/contract/words';
import type { Fetcher } from '@journey-stages/extension-kit/signed-fetch';
import { serviceUrlFrom } from '@journey-stages/service-url';
import { ServiceUrlMissing } from '@journey-stages/service-url/ServiceUrlMissing';
import { useTicketJourneys } from '../hooks/useTicketJourneys.ts';
import { JourneyCompact } from './JourneyCompact.tsx';
import { JourneyErrorState } from './JourneyErrorState.tsx';

export interface TicketJourneysViewProps {
  context: CrmContext;
  actions: Pick<ExtensionPointApiActions<'helpdesk.sidebar'>, 'reloadPage'>;
  now?: () => Date;
  fetcher?: Fetcher;
}

/** The help desk's ticket sidebar: where each of the ticket's customers stands, primary contact first. */
export function TicketJourneysView(props: TicketJourneysViewProps) {
  const service = serviceUrlFrom(props.context.variables);
  if (!service.success) return <ServiceUrlMissing reason={service.errors} />;
  return <TicketJourneysBody {...props} baseUrl={service.data} />;
}

function TicketJourneysBody({
  context,
  actions,
  baseUrl,
  now = () => new Date(),
  fetcher,
}: TicketJourneysViewProps & { baseUrl: string }) {
  const words = wordsFor({ locale: context.user.locale, timeZone: context.portal.timezone });
  const ticketId = context.crm.objectId;
  const { state, retry } = useTicketJourneys({ baseUrl, ticketId, fetcher });
  switch (state.status) {
    case 'loading':
      return <LoadingSpinner testId="ticket-loading" label={words.t('ticket.loading')} showLabel layout="centered" />;
    case 'error':
      return (
        <JourneyErrorState
          error={state.error}
          notFound={{ ticketId }}
          words={words}
          onRetry={retry}
          onReload={() => actions.reloadPage()}
        />
      );
    case 'ready':
      return (
        <TicketContacts answer={state.data} words={words} portalId={context.portal.id} now={now()} onRetry={retry} />
      );
    default: {
      const unexpected: never = state;
      throw new Error(`[journey-card] unknown state ${JSON.stringify(unexpected)}`);
    }
  }
}

function TicketContacts({
  answer,
  words,
  portalId,
  now,
  onRetry,
}: {
  answer: TicketJourneys;
  words: Words;
  portalId: number;
  now: Date;
  onRetry: () => void;
}) {
  if (answer.unavailable)
    return (
      <ErrorState testId="ticket-unavailable" title={words.t('ticket.unavailable.title')} type="support">
        <Text>{words.t('ticket.unavailable.body')}</Text>
        <Button testId="ticket-retry" variant="secondary" onClick={() => onRetry()}>
          {words.t('action.retry')}
        </Button>
      </ErrorState>
    );
  if (answer.contacts.length === 0)
    return (
      <EmptyState testId="ticket-empty" title={words.t('ticket.empty.title')} layout="vertical" imageName="contacts">
        <Text>{words.t('ticket.empty.body')}</Text>
      </EmptyState>
    );
  return (
    <Flex direction="column" gap="md" testId="ticket-contacts">
      {answer.contacts.map((contact, i) => (
        <Flex key={contact.contactId} direction="column" gap="sm" testId={`ticket-contact-${contact.contactId}`}>
          {i > 0 && <Divider />}
          <ContactHeading contact={contact} words={words} />
          {contact.journey ? (
            <JourneyCompact
              journey={contact.journey}
              portalId={portalId}
              words={words}
              now={now}
              testIdPrefix={`ticket-contact-${contact.contactId}-`}
            />
          ) : (
            <Text testId={`ticket-contact-${contact.contactId}-unavailable`} variant="microcopy">
              {words.t('ticket.contactUnavailable', { contactId: contact.contactId })}
            </Text>
          )}
        </Flex>
      ))}
      {answer.total !== undefined && answer.total > answer.contacts.length && (
        <Text testId="ticket-more" variant="microcopy">
          {words.t('ticket.more', { shown: words.number(answer.contacts.length) })}
        </Text>
      )}
    </Flex>
  );
}

function ContactHeading({ contact, words }: { contact: TicketContactJourney; words: Words }) {
  return (
    <Flex direction="row" gap="xs" align="center">
      <Text format={{ fontWeight: 'bold' }}>{words.t('ticket.contact', { contactId: contact.contactId })}</Text>
      {contact.primary && (
        <Tag testId={`ticket-contact-${contact.contactId}-primary`} variant="info">
          {words.t('ticket.primary')}
        </Tag>
      )}
    </Flex>
  );
}
