import { hubspot } from '@hubspot/ui-extensions';

import { JourneyPages } from './components/JourneyPages.tsx';

hubspot.extend<'pages'>(() => <JourneyPages />);
