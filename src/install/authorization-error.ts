/**
 * What the install page says when HubSpot redirects to the callback with `error` instead of a
 * code. Only the OAuth 2.0 codes (RFC 6749 §4.1.2.1) are recognised, each in our own words:
 * anyone can craft a callback link, so neither an unknown code nor `error_description` is
 * shown (they could carry a phishing line under our name).
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
const MESSAGES: Readonly<Record<string, string>> = {
  access_denied: 'The install was declined on the HubSpot consent screen.',
  invalid_scope: 'HubSpot did not accept the permissions the app asks for.',
  invalid_request: 'HubSpot found the install request malformed.',
  unauthorized_client: 'HubSpot does not allow this app to be installed this way.',
  unsupported_response_type: 'HubSpot does not allow this app to be installed this way.',
  server_error: 'HubSpot had an error while handling the install.',
  temporarily_unavailable: 'HubSpot could not handle the install just now; try again in a few minutes.',
};

export function describeAuthorizationError(code: unknown): string {
  return (
    (typeof code === 'string' && Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined) ??
    'HubSpot did not complete the install.'
  );
}
