import type { SettingsError } from '../hooks/settingsApi.ts';

export interface SettingsErrorAdvice {
  title: string;
  advice: string;
  type: 'error' | 'support' | 'lock';
}

/** Each failure in words an admin can act on, naming who fixes what. */
export function describeSettingsError(error: SettingsError): SettingsErrorAdvice {
  switch (error.kind) {
    case 'unauthorized':
      return {
        title: 'Journey Stages could not verify this request',
        advice:
          `The service refused HubSpot's signed request (HTTP ${error.status}). Check that the service's PUBLIC_BASE_URL is the URL ` +
          "listed in the app's permitted fetch URLs and that HUBSPOT_CLIENT_SECRET is this app's client secret.",
        type: 'lock',
      };
    case 'refused':
      return { title: 'The service refused the change', advice: `${error.message}.`, type: 'error' };
    case 'not-found':
      return {
        title: 'Journey Stages does not know this account yet',
        advice:
          'The service answered 404. Reinstall the app from the Marketplace so it can set up this account, then try again.',
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
      throw new Error(`[journey-settings] unknown error ${JSON.stringify(unexpected)}`);
    }
  }
}
