import { useExtensionContext } from '@hubspot/ui-extensions';
import { createContext, createElement, type ReactNode, useContext, useMemo } from 'react';

import { type Words, wordsFor } from '@journey-stages/contract/words';

const ProvidedWords = createContext<Words | null>(null);

/** The two facts of HubSpot's extension context the words depend on. */
export interface WordsContext {
  user?: { locale?: string | undefined } | undefined;
  portal?: { timezone?: string | undefined } | undefined;
}

/**
 * Words from the context HubSpot handed an extension as props (`hubspot.extend(({ context }) => …)`),
 * for every component below: the settings page passes its `context` on this way, so the page and
 * its parts read the same user and portal.
 */
export function WordsProvider({ context, children }: { context: WordsContext; children: ReactNode }) {
  const locale = context.user?.locale;
  const timeZone = context.portal?.timezone;
  const words = useMemo(() => wordsFor({ locale, timeZone }), [locale, timeZone]);
  return createElement(ProvidedWords.Provider, { value: words }, children);
}

/**
 * The catalog's words for the user looking at the extension (`context.user.locale`), dates in
 * the portal's zone (`context.portal.timezone`): from a WordsProvider above, else from HubSpot's
 * context hook, so a component deep in a page needs no prop for them.
 */
export function useWords(): Words {
  const provided = useContext(ProvidedWords);
  const context = useExtensionContext();
  const locale = context.user?.locale;
  const timeZone = context.portal?.timezone;
  const fromHook = useMemo(() => wordsFor({ locale, timeZone }), [locale, timeZone]);
  return provided ?? fromHook;
}
