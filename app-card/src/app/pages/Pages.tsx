import { hubspot } from '@hubspot/ui-extensions';

import { FunnelHome } from './components/FunnelHome.tsx';

hubspot.extend<'pages'>(({ context }) => <FunnelHome portalId={context.portal.id} />);
