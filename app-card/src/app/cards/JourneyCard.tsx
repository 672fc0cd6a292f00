import { hubspot } from '@hubspot/ui-extensions';

import { JourneyCardView } from './components/JourneyCardView.tsx';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => <JourneyCardView context={context} actions={actions} />);
