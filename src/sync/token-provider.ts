/**
 * The one place HubSpot access tokens come from: a static token in single-portal mode
 * and the sandbox, the OAuth token store for installed portals.
 */
export type TokenProvider = {
  /** A valid access token for the portal; throws PortalInactiveError if the app was uninstalled. */
  get(portalId: string): Promise<string>;
  /** Called after a 401: get a fresh token if one can be had, else return the same one. */
  refresh(portalId: string): Promise<string>;
};

export class PortalInactiveError extends Error {
  readonly portalId: string;
  constructor(portalId: string) {
    super(`portal ${portalId} is inactive (the app was uninstalled): no HubSpot calls are made for it`);
    this.name = 'PortalInactiveError';
    this.portalId = portalId;
  }
}

export function staticTokens(tokens: Record<string, string>): TokenProvider {
  const get = async (portalId: string) => {
    const token = tokens[portalId];
    if (token === undefined) throw new PortalInactiveError(portalId);
    return token;
  };
  return { get, refresh: get };
}
