import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BatchResponseAssociations,
  BatchResponseSimplePublicObject,
  CollectionResponsePipeline,
  CollectionResponsePublicOwner,
  CollectionResponseSimplePublicObject,
  CollectionResponseMultiAssociatedObjectWithLabel,
  CollectionResponseWithTotal,
  HubSpotErrorBody,
  OAuthErrorBody,
  OAuthTokenResponse,
  Property,
  PropertyGroup,
  RateLimitErrorBody,
  PortalInformationResponse,
  SimplePublicObject,
  TokenIntrospection,
} from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { SERVED_VERSIONS } from '../../../../src/sandbox/fake-hubspot/api-versions.ts';
import { HUBSPOT_API_VERSIONS, HUBSPOT_PATH_FAMILIES, hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { form, PORTAL, startFake, stopFakes, type RunningFake } from './start-fake.ts';

afterEach(stopFakes);

/*
 * The stand-in as a witness: every path the client calls (src/sync/hubspot-paths.ts)
 * is one the stand-in serves, at the version of its API family (src/sandbox/fake-hubspot/
 * api-versions.ts), with the status and body that version's spec gives for it. The schemas are
 * the stand-in's own, written from the specs, not the client's.
 */

type Case = { call: (r: RunningFake, ids: Seeded) => Promise<Response>; status: number; schema: z.ZodType };
type Seeded = { contact: string; deal: string; accessToken: string; refreshToken: string };

const oauth = (r: RunningFake, path: string, values: Record<string, string>) =>
  fetch(
    `${r.baseUrl}${path}`,
    form({ client_id: r.fake.client.clientId, client_secret: r.fake.client.clientSecret, ...values }),
  );
const group = { name: 'journey_stages', label: 'Journey Stages' };
/** A ticket the seeded contact wrote in. */
const ticketOf = (r: RunningFake, s: Seeded) =>
  r.fake.state.logEngagement(PORTAL, 'tickets', s.contact, { subject: 'Invoice missing', hs_pipeline_stage: '1' });
const property = {
  name: 'journey_stage',
  label: 'Journey Stages: stage',
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'journey_stages',
  options: [{ label: 'Awareness', value: 'awareness', displayOrder: 0, hidden: false }],
};

/** One case per path the client builds: a new path without a case fails the first test. */
const CASES: Record<keyof typeof hubspotPaths, Case> = {
  contactsList: {
    call: (r) => r.call('GET', hubspotPaths.contactsList({ properties: ['createdate'], limit: 100 })),
    status: 200,
    schema: CollectionResponseSimplePublicObject,
  },
  contact: {
    call: (r, s) =>
      r.call(
        'GET',
        hubspotPaths.contact(s.contact, { properties: ['lifecyclestage'], propertiesWithHistory: ['lifecyclestage'] }),
      ),
    status: 200,
    schema: SimplePublicObject,
  },
  contactsBatchRead: {
    call: (r, s) =>
      r.call('POST', hubspotPaths.contactsBatchRead(), {
        inputs: [{ id: s.contact }],
        properties: ['lifecyclestage'],
        propertiesWithHistory: [],
      }),
    status: 200,
    schema: BatchResponseSimplePublicObject,
  },
  contactsBatchUpdate: {
    call: (r, s) =>
      r.call('POST', hubspotPaths.contactsBatchUpdate(), {
        inputs: [{ id: s.contact, properties: { lifecyclestage: 'customer' } }],
      }),
    status: 200,
    schema: BatchResponseSimplePublicObject,
  },
  contactsSearch: {
    call: (r) =>
      r.call('POST', hubspotPaths.contactsSearch(), {
        filterGroups: [],
        sorts: [],
        after: '0',
        limit: 1,
        properties: ['createdate'],
      }),
    status: 200,
    schema: CollectionResponseWithTotal,
  },
  dealsSearch: {
    call: (r) =>
      r.call('POST', hubspotPaths.dealsSearch(), {
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '0' }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        after: '0',
        limit: 200,
        properties: ['dealstage'],
      }),
    status: 200,
    schema: CollectionResponseWithTotal,
  },
  dealsBatchRead: {
    call: (r, s) =>
      r.call('POST', hubspotPaths.dealsBatchRead(), {
        inputs: [{ id: s.deal }],
        properties: ['dealstage'],
        propertiesWithHistory: [],
      }),
    status: 200,
    schema: BatchResponseSimplePublicObject,
  },
  contactsToDealsBatchRead: {
    call: (r, s) => r.call('POST', hubspotPaths.contactsToDealsBatchRead(), { inputs: [{ id: s.contact }] }),
    status: 200,
    schema: BatchResponseAssociations,
  },
  dealsToContactsBatchRead: {
    call: (r, s) => r.call('POST', hubspotPaths.dealsToContactsBatchRead(), { inputs: [{ id: s.deal }] }),
    status: 200,
    schema: BatchResponseAssociations,
  },
  // Touchpoints: a contact with no emails is an error entry of the 200 (2026-09 has no 207); an unknown email id too.
  associationsBatchRead: {
    call: (r, s) =>
      r.call('POST', hubspotPaths.associationsBatchRead('contacts', 'emails'), { inputs: [{ id: s.contact }] }),
    status: 200,
    schema: BatchResponseAssociations,
  },
  objectsBatchRead: {
    call: (r) =>
      r.call('POST', hubspotPaths.objectsBatchRead('emails'), {
        inputs: [{ id: '424242' }],
        properties: ['hs_timestamp'],
        propertiesWithHistory: [],
      }),
    status: 200,
    schema: BatchResponseSimplePublicObject,
  },
  tasksBatchCreate: {
    call: (r, s) =>
      r.call('POST', hubspotPaths.tasksBatchCreate(), {
        inputs: [
          {
            objectWriteTraceId: 'trace-1',
            properties: { hs_timestamp: '2026-12-07T09:00:00.000Z', hs_task_subject: 'Call back' },
            associations: [
              { to: { id: s.contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
            ],
          },
        ],
      }),
    status: 201,
    schema: BatchResponseSimplePublicObject,
  },
  ticket: {
    call: (r, s) => r.call('GET', hubspotPaths.ticket(ticketOf(r, s))),
    status: 200,
    schema: SimplePublicObject,
  },
  ticketContacts: {
    call: (r, s) => r.call('GET', hubspotPaths.ticketContacts(ticketOf(r, s), { limit: 500 })),
    status: 200,
    schema: CollectionResponseMultiAssociatedObjectWithLabel,
  },
  dealPipelines: {
    call: (r) => r.call('GET', hubspotPaths.dealPipelines()),
    status: 200,
    schema: CollectionResponsePipeline,
  },
  accountDetails: {
    call: (r) => r.call('GET', hubspotPaths.accountDetails()),
    status: 200,
    schema: PortalInformationResponse,
  },
  owners: {
    call: (r) => r.call('GET', hubspotPaths.owners({ limit: 100, archived: false })),
    status: 200,
    schema: CollectionResponsePublicOwner,
  },
  contactPropertyGroups: {
    call: (r) => r.call('POST', hubspotPaths.contactPropertyGroups(), group),
    status: 201,
    schema: PropertyGroup,
  },
  contactPropertyGroup: {
    call: (r) => r.call('GET', hubspotPaths.contactPropertyGroup('contactinformation')),
    status: 200,
    schema: PropertyGroup,
  },
  contactProperties: {
    call: async (r) => (
      await r.call('POST', hubspotPaths.contactPropertyGroups(), group),
      r.call('POST', hubspotPaths.contactProperties(), property)
    ),
    status: 201,
    schema: Property,
  },
  contactProperty: {
    call: async (r) => {
      await r.call('POST', hubspotPaths.contactPropertyGroups(), group);
      await r.call('POST', hubspotPaths.contactProperties(), property);
      return r.call('PATCH', hubspotPaths.contactProperty(property.name), { label: 'Journey Stages: current stage' });
    },
    status: 200,
    schema: Property,
  },
  oauthToken: {
    call: (r, s) => oauth(r, hubspotPaths.oauthToken(), { grant_type: 'refresh_token', refresh_token: s.refreshToken }),
    status: 200,
    schema: OAuthTokenResponse,
  },
  oauthIntrospect: {
    call: (r, s) => oauth(r, hubspotPaths.oauthIntrospect(), { token: s.accessToken }),
    status: 200,
    schema: TokenIntrospection,
  },
};

async function seeded(options: Parameters<typeof startFake>[0] = {}): Promise<{ r: RunningFake; s: Seeded }> {
  const r = await startFake(options);
  const contact = r.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
  const deal = r.fake.state.createDeal(PORTAL, { dealname: 'Won', dealstage: 'closedwon', pipeline: 'default' }, [
    contact,
  ]);
  const code = r.fake.state.issueAuthCode(PORTAL, ['oauth'], 'https://app.example.com/cb');
  const tokens = OAuthTokenResponse.parse(
    await (
      await oauth(r, hubspotPaths.oauthToken(), {
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'https://app.example.com/cb',
      })
    ).json(),
  );
  return { r, s: { contact, deal, accessToken: tokens.access_token, refreshToken: tokens.refresh_token } };
}

/** Each path as the client builds it. */
const BUILT: Record<keyof typeof hubspotPaths, string> = {
  contactsList: hubspotPaths.contactsList({ limit: 1 }),
  contact: hubspotPaths.contact('1'),
  contactsBatchRead: hubspotPaths.contactsBatchRead(),
  contactsBatchUpdate: hubspotPaths.contactsBatchUpdate(),
  contactsSearch: hubspotPaths.contactsSearch(),
  dealsSearch: hubspotPaths.dealsSearch(),
  owners: hubspotPaths.owners({ limit: 100 }),
  dealsBatchRead: hubspotPaths.dealsBatchRead(),
  contactsToDealsBatchRead: hubspotPaths.contactsToDealsBatchRead(),
  dealsToContactsBatchRead: hubspotPaths.dealsToContactsBatchRead(),
  associationsBatchRead: hubspotPaths.associationsBatchRead('contacts', 'emails'),
  objectsBatchRead: hubspotPaths.objectsBatchRead('emails'),
  ticket: hubspotPaths.ticket('1'),
  ticketContacts: hubspotPaths.ticketContacts('1', { limit: 500 }),
  dealPipelines: hubspotPaths.dealPipelines(),
  tasksBatchCreate: hubspotPaths.tasksBatchCreate(),
  accountDetails: hubspotPaths.accountDetails(),
  contactProperties: hubspotPaths.contactProperties(),
  contactProperty: hubspotPaths.contactProperty('journey_stage'),
  contactPropertyGroups: hubspotPaths.contactPropertyGroups(),
  contactPropertyGroup: hubspotPaths.contactPropertyGroup('journey_stages'),
  oauthToken: hubspotPaths.oauthToken(),
  oauthIntrospect: hubspotPaths.oauthIntrospect(),
};

/** The dated segment of a path: /crm/objects/2026-09/contacts → 2026-09. */
const versionOf = (path: string) => /\/(\d{4}-\d{2})(?:\/|\?|$)/.exec(path)?.[1];

describe('the stand-in serves every path the client calls, in the spec shape of its version', () => {
  it('has a case for each path in hubspot-paths.ts', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(hubspotPaths).sort());
  });

  it("dates each path with its family's version, the one the stand-in serves that family at", () => {
    for (const name of Object.keys(BUILT) as Array<keyof typeof hubspotPaths>) {
      const family = HUBSPOT_PATH_FAMILIES[name];
      expect({ name, version: versionOf(BUILT[name]) }).toEqual({ name, version: HUBSPOT_API_VERSIONS[family] });
      expect({ name, version: versionOf(BUILT[name]) }).toEqual({ name, version: SERVED_VERSIONS[family] });
    }
  });

  it.each(Object.entries(CASES))('%s answers the spec status with the spec body', async (_name, c) => {
    const { r, s } = await seeded();
    const res = await c.call(r, s);
    const body: unknown = await res.json();
    expect({ status: res.status, body }).toMatchObject({ status: c.status });
    expect(c.schema.safeParse(body).error).toBeUndefined();
  });
});

describe('the stand-in answers failures as HubSpot does', () => {
  it('a batch read with an unknown id: 200 (2026-09 has no 207) with a spec StandardError (context, errors, links) naming it', async () => {
    const { r, s } = await seeded();
    const res = await r.call('POST', hubspotPaths.contactsBatchRead(), {
      inputs: [{ id: s.contact }, { id: '999999' }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(res.status).toBe(200);
    const body = BatchResponseSimplePublicObject.parse(await res.json());
    expect(body).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['999999'] } }],
    });
  });

  it('an association read with a small page size pages each input through paging.next.after', async () => {
    const { r, s } = await seeded({ associationPageSize: 2 });
    for (let i = 0; i < 4; i++) r.fake.state.createDeal(PORTAL, { dealname: `d${i}` }, [s.contact]);
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await r.call('POST', hubspotPaths.contactsToDealsBatchRead(), {
        inputs: [{ id: s.contact, ...(after ? { after } : {}) }],
      });
      const body = BatchResponseAssociations.parse(await res.json());
      seen.push(...body.results[0]!.to.map((t) => t.toObjectId));
      pageSizes.push(body.results[0]!.to.length);
      after = body.results[0]!.paging?.next?.after;
      if (after === undefined) break;
    }
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(new Set(seen).size).toBe(5);
  });

  it('an unknown record: 404 in the spec Error shape (category, correlationId, message)', async () => {
    const { r } = await seeded();
    const res = await r.call('GET', hubspotPaths.contact('999999'));
    expect(res.status).toBe(404);
    expect(HubSpotErrorBody.parse(await res.json()).category).toBe('OBJECT_NOT_FOUND');
  });

  it('an unknown ticket: 404 in the spec Error shape; its contacts: an empty page', async () => {
    const { r } = await seeded();
    const res = await r.call('GET', hubspotPaths.ticket('999999'));
    expect(res.status).toBe(404);
    expect(HubSpotErrorBody.parse(await res.json()).category).toBe('OBJECT_NOT_FOUND');
    const list = await r.call('GET', hubspotPaths.ticketContacts('999999'));
    expect(CollectionResponseMultiAssociatedObjectWithLabel.parse(await list.json()).results).toEqual([]);
  });

  it("a ticket's contacts page through paging.next.after, the labelled one carrying HubSpot's label", async () => {
    const { r, s } = await seeded();
    const ticket = ticketOf(r, s);
    const others = [1, 2].map(() => r.fake.state.createContact(PORTAL, { lifecyclestage: 'customer' }));
    r.fake.state.engagements.associateContact(PORTAL, 'tickets', ticket, others[0]!, 'Primary');
    r.fake.state.engagements.associateContact(PORTAL, 'tickets', ticket, others[1]!);
    const seen: Array<{ id: string; labels: string[] }> = [];
    let after: string | undefined;
    do {
      const res = await r.call('GET', hubspotPaths.ticketContacts(ticket, { limit: 2, ...(after ? { after } : {}) }));
      const page = CollectionResponseMultiAssociatedObjectWithLabel.parse(await res.json());
      seen.push(
        ...page.results.map((a) => ({ id: a.toObjectId, labels: a.associationTypes.flatMap((t) => t.label ?? []) })),
      );
      after = page.paging?.next?.after;
    } while (after !== undefined);
    expect(seen).toEqual([
      { id: s.contact, labels: [] },
      { id: others[0], labels: ['Primary'] },
      { id: others[1], labels: [] },
    ]);
  });

  it('a refused refresh after uninstall: 400 in the 2026-03 Error shape, without status or error fields', async () => {
    const { r, s } = await seeded();
    r.fake.state.uninstall(PORTAL);
    const res = await oauth(r, hubspotPaths.oauthToken(), {
      grant_type: 'refresh_token',
      refresh_token: s.refreshToken,
    });
    expect(res.status).toBe(400);
    const body: unknown = await res.json();
    expect(OAuthErrorBody.safeParse(body).error).toBeUndefined();
    expect(body).not.toHaveProperty('status');
    expect(body).not.toHaveProperty('error');
  });

  it('over the announced limit: 429 with the rate-limit body and X-HubSpot-RateLimit-* headers', async () => {
    const { r } = await seeded({ rateLimit: { max: 1, intervalMs: 10_000 } });
    await r.call('GET', hubspotPaths.dealPipelines());
    const res = await r.call('GET', hubspotPaths.dealPipelines());
    expect(res.status).toBe(429);
    expect(RateLimitErrorBody.parse(await res.json()).policyName).toBe('TEN_SECONDLY_ROLLING');
    expect(
      ['max', 'remaining', 'interval-milliseconds'].map((h) => res.headers.get(`x-hubspot-ratelimit-${h}`)),
    ).toEqual(['1', '0', '10000']);
  });
});

describe('the stand-in is a witness, not a mirror', () => {
  it("no file of the stand-in imports the client's schemas (src/sync/hubspot-api-schemas.ts)", async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = new URL('../../../../src/sandbox/fake-hubspot/', import.meta.url);
    const importers: string[] = [];
    for (const name of await readdir(dir)) {
      if (/from '[^']*hubspot-api-schemas/.test(await readFile(new URL(name, dir), 'utf8'))) importers.push(name);
    }
    expect(importers).toEqual([]);
  });
});
