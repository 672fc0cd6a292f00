import { hubspot } from '@hubspot/ui-extensions';

import { JourneyCardView } from './components/JourneyCardView.tsx';

// The contact record's sidebar (journey-sidebar-hsmeta.json): the compact view.
hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => (
  <JourneyCardView context={context} actions={actions} variant="compact" />
));
