import type { FunnelFetchError } from '../hooks/fetchFunnel.ts';

export interface FunnelErrorAdvice {
  title: string;
  advice: string;
  type: 'error' | 'support' | 'lock';
}

/** Each failure in words a sales manager can act on, naming who fixes what. */
export function describeFunnelError(error: FunnelFetchError): FunnelErrorAdvice {
  switch (error.kind) {
    case 'unauthorized':
      return {
        title: 'Journey Stages could not verify this request',
        advice:
          `The service refused HubSpot's signed request (HTTP ${error.status}). Ask the admin who installed Journey Stages ` +
          "to check that PUBLIC_BASE_URL is the URL listed in the app's permitted fetch URLs and that HUBSPOT_CLIENT_SECRET is this app's client secret.",
        type: 'lock',
      };
    case 'bad-period':
      return {
        title: 'The service refused this period',
        advice: `${error.message}. Pick another period.`,
        type: 'error',
      };
    case 'rate-limited':
      return {
        title: 'Too many requests right now',
        advice: 'HubSpot is limiting requests to Journey Stages for this account. Wait a few seconds and try again.',
        type: 'support',
      };
    case 'server':
      return {
        title: 'Journey Stages had a problem',
        advice: `The service answered with HTTP ${error.status}. Try again in a minute; if it keeps failing, contact Journey Stages support.`,
        type: 'support',
      };
    case 'network':
      return {
        title: 'Journey Stages could not be reached',
        advice: 'The request did not reach the service or timed out. Check your connection and try again.',
        type: 'error',
      };
    case 'invalid-response':
      return {
        title: 'Journey Stages sent an answer this page cannot read',
        advice:
          'The app and the service may be on different versions. Try again; if it keeps failing, contact Journey Stages support.',
        type: 'support',
      };
    default: {
      const unexpected: never = error;
      throw new Error(`[journey-pages] unknown error ${JSON.stringify(unexpected)}`);
    }
  }
}
