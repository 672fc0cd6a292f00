import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { rememberSegmentLabels } from '../../../src/sync/remember-segment-labels.ts';
import { portalUiDomain, rememberUiDomain } from '../../../src/sync/remember-ui-domain.ts';
import type { HubSpotApi, Owner, PropertyOption } from '../../../src/sync/hubspot-api.ts';
import { storedOptionLabels } from '../../../src/store/segment-option-labels.ts';
import { ensurePortal } from '../../../src/store/portal-store.ts';
import { segmentProperties } from '../../../src/engine/required-properties.ts';

/*
 * What provisioning remembers of a portal: the labels the funnel's segments show (a manager
 * reads "Ana Silva", not "77"), and the account's UI domain the record links are built on.
 * HubSpot is a fake that records the calls; PGlite only.
 */
const PORTAL = '62515';
const now = new Date('2026-11-20T12:00:00.000Z');

describe('rememberSegmentLabels', () => {
  let t: TestDb;
  let calls: string[];
  let owners: { live: Owner[] | null; archived: Owner[] | null };
  let options: Record<string, PropertyOption[] | null>;
  const listedOptions = (): Record<string, PropertyOption[] | null> => ({
    hs_persona: [
      { value: 'persona_1', label: 'Decision maker' },
      { value: 'persona_2', label: 'End user' },
    ],
    lifecyclestage: [{ value: 'lead', label: 'Lead' }],
    hs_analytics_source: null, // a property HubSpot no longer has
    hubspot_owner_id: [],
  });
  const api = {
    async readContactPropertyOptions(_p: string, property: string) {
      calls.push(`options ${property}`);
      return options[property] ?? null;
    },
    async readOwners(_p: string, archived: boolean) {
      calls.push(`owners archived=${archived}`);
      return archived ? owners.archived : owners.live;
    },
  } as unknown as HubSpotApi;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    calls = [];
    options = listedOptions();
    owners = {
      live: [{ id: '77', firstName: 'Ana', lastName: 'Silva' }],
      archived: [
        { id: '78', email: 'gone@example.com' },
        { id: '77', firstName: 'Old', lastName: 'Name' },
      ],
    };
  });
  afterEach(async () => {
    await t.drop();
  });

  const labels = async (property: string) => (await storedOptionLabels(t.db, PORTAL, property))?.options;

  it("stores each segment property's option labels, and owners by name, departed ones too", async () => {
    await rememberSegmentLabels(t.db, api, PORTAL, now);
    expect(calls.filter((c) => c.startsWith('options')).sort()).toEqual(segmentProperties.map((p) => `options ${p}`));
    expect(await labels('hs_persona')).toEqual(options.hs_persona);
    expect(await labels('hs_analytics_source')).toEqual([]);
    // The live name wins over an archived record of the same owner.
    expect(await labels('hubspot_owner_id')).toEqual([
      { value: '78', label: 'gone@example.com' },
      { value: '77', label: 'Ana Silva' },
    ]);
    expect((await storedOptionLabels(t.db, PORTAL, 'lifecyclestage'))?.readAt).toEqual(now);
  });

  it('without the owners scope (403: null), asks no second time and keeps the listed options', async () => {
    owners.live = null;
    options.hubspot_owner_id = [{ value: '5', label: 'Listed owner' }];
    await rememberSegmentLabels(t.db, api, PORTAL, now);
    expect(calls.filter((c) => c.startsWith('owners'))).toEqual(['owners archived=false']);
    expect(await labels('hubspot_owner_id')).toEqual([{ value: '5', label: 'Listed owner' }]);
  });
});

describe('rememberUiDomain', () => {
  let t: TestDb;
  let reads: number;
  const api = {
    async readUiDomain() {
      reads++;
      return 'app-eu1.hubspot.com';
    },
  } as unknown as HubSpotApi;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    reads = 0;
  });
  afterEach(async () => {
    await t.drop();
  });

  it('reads the domain once for an installed portal and keeps it', async () => {
    await ensurePortal(t.db, PORTAL);
    expect(await portalUiDomain(t.db, PORTAL)).toBeUndefined();
    await rememberUiDomain(t.db, api, PORTAL);
    await rememberUiDomain(t.db, api, PORTAL);
    expect(reads).toBe(1);
    expect(await portalUiDomain(t.db, PORTAL)).toBe('app-eu1.hubspot.com');
  });

  it('reads nothing for a portal that is not installed', async () => {
    await rememberUiDomain(t.db, api, PORTAL);
    expect(reads).toBe(0);
    expect(await portalUiDomain(t.db, PORTAL)).toBeUndefined();
  });
});
