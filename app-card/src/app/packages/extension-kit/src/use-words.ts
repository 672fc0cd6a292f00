import { useExtensionContext } from '@hubspot/ui-extensions';
import { useMemo } from 'react';

import { type Words, wordsFor } from '@journey-stages/contract/words';

/**
 * The catalog's words for the user looking at the extension (`context.user.locale`), dates in
 * the portal's zone (`context.portal.timezone`), from HubSpot's context hook, so a component
 * deep in a page needs no prop for them.
 */
export function useWords(): Words {
  const context = useExtensionContext();
  const locale = context.user?.locale;
  const timeZone = context.portal?.timezone;
  return useMemo(() => wordsFor({ locale, timeZone }), [locale, timeZone]);
}
