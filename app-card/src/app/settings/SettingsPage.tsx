import { hubspot } from '@hubspot/ui-extensions';

import { ModelSettings } from './components/ModelSettings.tsx';

hubspot.extend<'settings'>(({ context, actions }) => <ModelSettings context={context} actions={actions} />);
