import type { JourneyFetchError } from '../hooks/fetchJourney.ts';

export interface ErrorAdvice {
  title: string;
  advice: string;
  /** "reload" opens the record again (it may have been merged); "retry" asks the service again. */
  action: 'retry' | 'reload';
  type: 'error' | 'support' | 'lock';
}

/** Each failure in words a rep can act on, naming who fixes what. */
export function describeJourneyError(error: JourneyFetchError, contactId: number | string): ErrorAdvice {
  switch (error.kind) {
    case 'unauthorized':
      return {
        title: 'Journey Stages could not verify this request',
        advice:
          `The service refused HubSpot's signed request (HTTP ${error.status}). Ask the admin who installed ` +
          "Journey Stages to check that PUBLIC_BASE_URL is the URL listed in the app's permitted fetch URLs and " +
          "that HUBSPOT_CLIENT_SECRET is this app's client secret.",
        action: 'retry',
        type: 'lock',
      };
    case 'not-found':
      return {
        title: 'Contact not found in HubSpot',
        advice:
          `HubSpot has no contact with ID ${contactId}: it may have been deleted or merged into another contact. ` +
          'Reload the page to open the current record.',
        action: 'reload',
        type: 'error',
      };
    case 'rate-limited':
      return {
        title: 'Too many requests right now',
        advice: 'HubSpot is limiting requests to Journey Stages for this account. Wait a few seconds and try again.',
        action: 'retry',
        type: 'support',
      };
    case 'server':
      return {
        title: 'Journey Stages had a problem',
        advice:
          `The service answered with HTTP ${error.status}. Try again in a minute; if it keeps failing, ` +
          'contact Journey Stages support.',
        action: 'retry',
        type: 'support',
      };
    case 'network':
      return {
        title: 'Journey Stages could not be reached',
        advice: 'The request did not reach the service or timed out. Check your connection and try again.',
        action: 'retry',
        type: 'error',
      };
    case 'invalid-response':
      return {
        title: 'Journey Stages sent an answer this card cannot read',
        advice:
          'The card and the service may be on different versions. Try again; if it keeps failing, ' +
          'contact Journey Stages support.',
        action: 'retry',
        type: 'support',
      };
    default: {
      const unexpected: never = error;
      throw new Error(`[journey-card] unknown error ${JSON.stringify(unexpected)}`);
    }
  }
}
