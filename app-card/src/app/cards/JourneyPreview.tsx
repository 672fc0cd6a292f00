import { hubspot } from '@hubspot/ui-extensions';

import { JourneyCardView } from './components/JourneyCardView.tsx';

// The contact preview panel (journey-preview-hsmeta.json): the same compact view as the sidebar.
hubspot.extend<'crm.preview'>(({ context, actions }) => (
  <JourneyCardView context={context} actions={actions} variant="compact" />
));
