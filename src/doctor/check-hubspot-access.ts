import { coerceError } from '../coerce-error.ts';
import type { Config } from '../config.ts';
import { createOAuthClient, RefreshRefusedError } from '../install/oauth-client.ts';
import { REQUIRED_SCOPES } from '../install/scopes.ts';
import { createTokenCipher } from '../install/token-cipher.ts';
import { loadTokens } from '../install/token-store.ts';
import type { Db } from '../store/db.ts';
import { hubspotPaths } from '../sync/hubspot-paths.ts';
import { fail, ok, skip, type CheckResult } from './check-result.ts';
import { bearerGet, hubspotMessage, introspect, type Introspected } from './hubspot-probe.ts';
import { installedPortalsWithTokens } from '../store/portal-store.ts';

export type PortalAccess = { portalId: string; token: string };
export type AccessReport = { hubspot: CheckResult; scopes: CheckResult; portals: PortalAccess[] };

/** How many installed portals the doctor looks at (the most recent installs). */
const PORTALS_CHECKED = 5;

const CREDENTIALS_FIX =
  "copy HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET again from the app's Auth page in your HubSpot developer account";

function scopesResult(where: string, scopes: string[]): CheckResult {
  const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
  return missing.length === 0
    ? ok('scopes', `${where} has every scope the app needs (${REQUIRED_SCOPES.length})`)
    : fail(
        'scopes',
        `${where} lacks ${missing.join(', ')}: add them to the app's requiredScopes (app-hsmeta.json), upload, and install the app again so the admin grants them`,
      );
}

const unreachable = (config: Config, message: string) =>
  fail(
    'hubspot',
    `HubSpot's API at HUBSPOT_API_BASE (${config.hubspotApiBase}) does not answer (${message}): is HUBSPOT_API_BASE right and the network open?`,
  );

/**
 * The credentials work against HubSpot and carry our scopes: a static token is used for one
 * cheap read (and introspected when the app's client id and secret are set); OAuth installs
 * are introspected with the app's credentials, refreshing an expired token first (the new
 * token is not stored: the doctor changes nothing).
 */
export async function checkHubSpotAccess(config: Config, db: Db | undefined, now: () => Date): Promise<AccessReport> {
  if (config.mode === 'sandbox') {
    const none = fail(
      'hubspot',
      'no HubSpot credentials: set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, HUBSPOT_APP_ID and TOKEN_ENCRYPTION_KEY (OAuth) or HUBSPOT_ACCESS_TOKEN and HUBSPOT_PORTAL_ID (one portal); without them npm start runs the local sandbox',
    );
    return { hubspot: none, scopes: skip('scopes', 'not checked: no HubSpot credentials'), portals: [] };
  }
  return config.singlePortal ? checkStaticToken(config, config.singlePortal) : checkOAuthInstalls(config, db, now);
}

async function checkStaticToken(
  config: Config,
  single: { portalId: string; accessToken: string },
): Promise<AccessReport> {
  const portals = [{ portalId: single.portalId, token: single.accessToken }];
  // GET /crm/objects/2026-09/contacts?limit=1: general rate limit; the cheapest authenticated read we rely on.
  const answer = await bearerGet(config.hubspotApiBase, hubspotPaths.contactsList({ limit: 1 }), single.accessToken);
  if (answer.status === 'unreachable')
    return {
      hubspot: unreachable(config, answer.message),
      scopes: skip('scopes', 'not checked: HubSpot does not answer'),
      portals: [],
    };
  if (answer.status === 401)
    return {
      hubspot: fail(
        'hubspot',
        `HubSpot refused HUBSPOT_ACCESS_TOKEN (401: ${hubspotMessage(answer)}): copy the access token again from the app's Auth page (whole, without spaces)`,
      ),
      scopes: skip('scopes', 'not checked: the token is refused'),
      portals: [],
    };
  const readFailed =
    answer.status === 403
      ? fail(
          'scopes',
          `HubSpot refused to list contacts with HUBSPOT_ACCESS_TOKEN (403: ${hubspotMessage(answer)}): give the app the scopes ${REQUIRED_SCOPES.join(', ')}`,
        )
      : undefined;
  if (answer.status !== 200 && answer.status !== 403)
    return {
      hubspot: fail(
        'hubspot',
        `HubSpot answered ${answer.status} to a read with HUBSPOT_ACCESS_TOKEN (${hubspotMessage(answer)})`,
      ),
      scopes: skip('scopes', 'not checked'),
      portals: [],
    };

  if (config.clientId === undefined || config.clientSecret === undefined)
    return {
      hubspot: ok('hubspot', `HUBSPOT_ACCESS_TOKEN reads portal ${single.portalId}`),
      scopes:
        readFailed ??
        skip(
          'scopes',
          "the token reads contacts; set HUBSPOT_CLIENT_ID too and the doctor lists its scopes (introspection needs the app's client id and secret)",
        ),
      portals,
    };
  const info = await introspect(
    config.hubspotApiBase,
    { clientId: config.clientId, clientSecret: config.clientSecret },
    single.accessToken,
  );
  if (info.kind !== 'active')
    return {
      hubspot: introspectionFailed(info, 'HUBSPOT_ACCESS_TOKEN'),
      scopes: readFailed ?? skip('scopes', 'not checked'),
      portals,
    };
  if (info.portalId !== single.portalId)
    return {
      hubspot: fail(
        'hubspot',
        `HUBSPOT_ACCESS_TOKEN belongs to portal ${info.portalId}, but HUBSPOT_PORTAL_ID is ${single.portalId}: set HUBSPOT_PORTAL_ID=${info.portalId}`,
      ),
      scopes: skip('scopes', 'not checked'),
      portals: [],
    };
  return {
    hubspot: ok('hubspot', `HUBSPOT_ACCESS_TOKEN works for portal ${single.portalId}`),
    scopes: readFailed ?? scopesResult('HUBSPOT_ACCESS_TOKEN', info.scopes),
    portals,
  };
}

function introspectionFailed(info: Exclude<Introspected, { kind: 'active' }>, what: string): CheckResult {
  if (info.kind === 'inactive')
    return fail('hubspot', `HubSpot says ${what} is not active (expired or revoked): install the app again`);
  if (info.answer.status === 'unreachable')
    return fail(
      'hubspot',
      `HubSpot's token introspection does not answer (${info.answer.message}): is HUBSPOT_API_BASE right?`,
    );
  return fail(
    'hubspot',
    `HubSpot refused the app's credentials (${info.answer.status}: ${hubspotMessage(info.answer)}): ${CREDENTIALS_FIX}`,
  );
}

async function checkOAuthInstalls(config: Config, db: Db | undefined, now: () => Date): Promise<AccessReport> {
  const client = { clientId: config.clientId!, clientSecret: config.clientSecret! };
  if (db === undefined)
    return {
      hubspot: skip('hubspot', "not checked: the installed portals' tokens are in the database, which does not answer"),
      scopes: skip('scopes', 'not checked'),
      portals: [],
    };
  const installed = await installedPortalsWithTokens(db, PORTALS_CHECKED).catch(() => [] as string[]);
  if (installed.length === 0) {
    // A made-up token: good credentials get { active: false }, bad ones a refusal.
    const info = await introspect(config.hubspotApiBase, client, 'journey-stages-doctor');
    const install = `${config.publicBaseUrl}/oauth/install`;
    if (info.kind === 'refused')
      return { hubspot: introspectionFailed(info, 'the token'), scopes: skip('scopes', 'not checked'), portals: [] };
    return {
      hubspot: ok(
        'hubspot',
        `HubSpot accepts HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET; no portal installed yet: open ${install} and pick a test account`,
      ),
      scopes: skip('scopes', 'not checked: no portal installed yet'),
      portals: [],
    };
  }

  const cipher = createTokenCipher({ current: config.tokenEncryptionKey!, previous: config.previousTokenKeys });
  const oauth = createOAuthClient({
    apiBase: config.hubspotApiBase,
    ...client,
    redirectUri: `${config.publicBaseUrl}/oauth/callback`,
    now,
  });
  const portals: PortalAccess[] = [];
  const scopeFailures: CheckResult[] = [];
  for (const portalId of installed) {
    let tokens: Awaited<ReturnType<typeof loadTokens>>;
    try {
      tokens = await loadTokens(db, cipher, portalId);
    } catch {
      return {
        hubspot: fail(
          'hubspot',
          `portal ${portalId}'s stored tokens do not decrypt: TOKEN_ENCRYPTION_KEY is not the key that sealed them; set it back (or list the old key in TOKEN_ENCRYPTION_KEYS_PREVIOUS)`,
        ),
        scopes: skip('scopes', 'not checked'),
        portals,
      };
    }
    if (!tokens) continue;
    let accessToken = tokens.accessToken;
    if (tokens.expiresAt.getTime() - now().getTime() < 60_000) {
      try {
        accessToken = (await oauth.refresh(tokens.refreshToken)).accessToken;
      } catch (err) {
        const message = coerceError(err).message;
        // A refusal is an uninstall only when the refresh token introspects inactive (docs/install.md, "Refused refreshes").
        const active =
          err instanceof RefreshRefusedError
            ? await oauth.refreshTokenActive(tokens.refreshToken).catch(() => undefined)
            : undefined;
        const detail =
          err instanceof RefreshRefusedError && active === false
            ? `HubSpot refused portal ${portalId}'s refresh token (${message}): the app was uninstalled there; install it again from ${config.publicBaseUrl}/oauth/install`
            : err instanceof RefreshRefusedError
              ? `HubSpot refused portal ${portalId}'s token refresh (${message}) though its refresh token is ${active ? 'still active' : 'not known to be inactive'}: the install stays; ${CREDENTIALS_FIX}`
              : `refreshing portal ${portalId}'s token failed (${message}): ${CREDENTIALS_FIX}`;
        return { hubspot: fail('hubspot', detail), scopes: skip('scopes', 'not checked'), portals };
      }
    }
    const info = await introspect(config.hubspotApiBase, client, accessToken);
    if (info.kind !== 'active')
      return {
        hubspot: introspectionFailed(info, `portal ${portalId}'s access token`),
        scopes: skip('scopes', 'not checked'),
        portals,
      };
    portals.push({ portalId, token: accessToken });
    const scopes = scopesResult(`portal ${portalId}'s install`, info.scopes);
    if (scopes.status === 'fail') scopeFailures.push(scopes);
  }
  const names = portals.map((p) => p.portalId).join(', ');
  return {
    hubspot: ok(
      'hubspot',
      `the app's credentials and tokens work for the installed portal${portals.length === 1 ? '' : 's'} ${names}`,
    ),
    scopes:
      scopeFailures[0] ??
      ok('scopes', `every checked install (${names}) has the ${REQUIRED_SCOPES.length} scopes the app needs`),
    portals,
  };
}
