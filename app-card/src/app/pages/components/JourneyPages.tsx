import { useExtensionContext } from '@hubspot/ui-extensions';
import {
  createPageRouter,
  PageHeader,
  PageRoutes,
  PageTitle,
  type PageRoutesLayoutProps,
} from '@hubspot/ui-extensions/pages';

import { contactsIndexUrl } from '../format/contactsIndexUrl.ts';
import { serviceUrlFrom } from '@journey-stages/service-url';
import { FunnelPage } from './FunnelPage.tsx';
import { ServiceUrlMissing } from '@journey-stages/service-url/ServiceUrlMissing';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** The header of every app page: a way out to the contacts the funnel counts. */
function JourneyLayout({ children }: PageRoutesLayoutProps) {
  const { portal } = useExtensionContext<'pages'>();
  const words = useWords();
  return (
    <>
      <PageHeader>
        <PageHeader.PrimaryAction>
          <PageHeader.Link testId="pages-contacts-link" href={contactsIndexUrl(portal.id)}>
            {words.t('home.openContacts')}
          </PageHeader.Link>
        </PageHeader.PrimaryAction>
      </PageHeader>
      {children}
    </>
  );
}

/** The app home page (index route): the journey funnel of the portal HubSpot opened it in. */
export function HomePage() {
  const { portal, variables } = useExtensionContext<'pages'>();
  const service = serviceUrlFrom(variables);
  const words = useWords();
  return (
    <>
      <PageTitle>{words.t('home.title')}</PageTitle>
      {service.success ? (
        <FunnelPage baseUrl={service.data} portalId={portal.id} />
      ) : (
        <ServiceUrlMissing reason={service.errors} />
      )}
    </>
  );
}

/**
 * The app's pages, HubSpot's 2026.03 `pages` component: one router, the home page at the
 * index route (hubspot-project-components 2026.03/components/pages/src/app/pages/Pages.tsx).
 */
export const JourneyPages = createPageRouter(
  <PageRoutes layoutComponent={JourneyLayout}>
    <PageRoutes.IndexRoute component={HomePage} />
  </PageRoutes>,
);
