import { hubspot } from '@hubspot/ui-extensions';

import { TicketJourneysView } from './components/TicketJourneysView.tsx';

// The help desk's ticket sidebar (ticket-journeys-hsmeta.json): each contact's compact journey.
hubspot.extend<'helpdesk.sidebar'>(({ context, actions }) => (
  <TicketJourneysView context={context} actions={actions} />
));
