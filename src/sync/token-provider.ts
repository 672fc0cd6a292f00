/**
 * The one place HubSpot access tokens come from: a static token in single-portal mode
 * and the sandbox, the OAuth token store for installed portals.
 */
export type TokenProvider = {
  /** A valid access token for the portal; throws PortalInactiveError if the app was uninstalled. */
  get(portalId: string): Promise<string>;
  /** Called after a 401: get a fresh token if one can be had, else return the same one. */
  refresh(portalId: string): Promise<string>;
  /** Whether the app holds a token for the portal, from what is stored: never calls HubSpot. */
  installed(portalId: string): Promise<boolean>;
};

export class PortalInactiveError extends Error {
  readonly portalId: string;
  constructor(portalId: string) {
    super(`portal ${portalId} is inactive (the app was uninstalled): no HubSpot calls are made for it`);
    this.name = 'PortalInactiveError';
    this.portalId = portalId;
  }
}

/**
 * No usable token now: its refresh failed (HubSpot's token endpoint answered 5xx or 429, or
 * timed out) or is under way elsewhere, and the token is expired or was refused. Retryable.
 */
export class TokenUnavailableError extends Error {
  readonly portalId: string;
  readonly retryAt: Date | undefined;
  constructor(portalId: string, why: string, retryAt?: Date) {
    super(`no usable HubSpot access token for portal ${portalId} now: ${why}`);
    this.name = 'TokenUnavailableError';
    this.portalId = portalId;
    this.retryAt = retryAt;
  }
}

export function staticTokens(tokens: Record<string, string>): TokenProvider {
  const get = async (portalId: string) => {
    const token = tokens[portalId];
    if (token === undefined) throw new PortalInactiveError(portalId);
    return token;
  };
  return { get, refresh: get, installed: async (portalId) => tokens[portalId] !== undefined };
}
