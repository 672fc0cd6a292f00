import type { Words } from '@journey-stages/contract/words';
import type { ApiError } from './signed-fetch.ts';

export interface ErrorAdvice {
  title: string;
  advice: string;
  /** "reload" opens the record again (it may have been merged); "retry" asks the service again. */
  action: 'retry' | 'reload';
  /** The ErrorState illustration. */
  type: 'error' | 'support' | 'lock';
}

/** What a 404 means where the extension stands: a contact or ticket HubSpot lacks, or an account we do not know. */
export type NotFoundSubject = { contactId: number | string } | { ticketId: number | string } | 'portal';

export interface ErrorSubject {
  /** What a 404 is about (default: the account). */
  notFound?: NotFoundSubject;
  /** What a 400 refused: a request (default), the home page's period, or the settings page's change. */
  refused?: 'request' | 'period' | 'change';
  /** A page (home, settings) rather than a card: said in an unreadable answer's words. */
  page?: boolean;
}

/** Each failure in the user's words, naming who fixes what. */
export function describeApiError(error: ApiError, words: Words, subject: ErrorSubject = {}): ErrorAdvice {
  const { t } = words;
  const notFound = subject.notFound ?? 'portal';
  switch (error.kind) {
    case 'unauthorized':
      return {
        title: t('error.unauthorized.title'),
        advice: t('error.unauthorized.advice', { status: error.status }),
        action: 'retry',
        type: 'lock',
      };
    case 'refused':
      if (subject.refused === 'period')
        return {
          title: t('error.refusedPeriod.title'),
          advice: t('error.refusedPeriod.advice', { message: error.message }),
          action: 'retry',
          type: 'error',
        };
      return {
        title: t(subject.refused === 'change' ? 'error.refusedChange.title' : 'error.refused.title'),
        advice: t('error.refused.advice', { message: error.message }),
        action: 'retry',
        type: 'error',
      };
    case 'not-found':
      if (notFound === 'portal')
        return {
          title: t('error.portalNotFound.title'),
          advice: t('error.portalNotFound.advice'),
          action: 'retry',
          type: 'error',
        };
      if ('contactId' in notFound)
        return {
          title: t('error.contactNotFound.title'),
          advice: t('error.contactNotFound.advice', { contactId: notFound.contactId }),
          action: 'reload',
          type: 'error',
        };
      return {
        title: t('error.ticketNotFound.title'),
        advice: t('error.ticketNotFound.advice', { ticketId: notFound.ticketId }),
        action: 'reload',
        type: 'error',
      };
    case 'rate-limited':
      return {
        title: t('error.rateLimited.title'),
        advice: t('error.rateLimited.advice'),
        action: 'retry',
        type: 'support',
      };
    case 'server':
      return {
        title: t('error.server.title'),
        advice: t('error.server.advice', { status: error.status }),
        action: 'retry',
        type: 'support',
      };
    case 'network':
      return { title: t('error.network.title'), advice: t('error.network.advice'), action: 'retry', type: 'error' };
    case 'invalid-response':
      return {
        title: t(subject.page ? 'error.invalidResponsePage.title' : 'error.invalidResponse.title'),
        advice: t(subject.page ? 'error.invalidResponsePage.advice' : 'error.invalidResponse.advice'),
        action: 'retry',
        type: 'support',
      };
    default: {
      const unexpected: never = error;
      throw new Error(`[extension-kit] unknown error ${JSON.stringify(unexpected)}`);
    }
  }
}
