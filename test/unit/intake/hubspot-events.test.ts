import { describe, expect, it } from 'vitest';
import { isOwnWrite } from '../../../src/intake/hubspot-events.ts';
import { WebhookEvent } from '../../../src/store/webhook-event.ts';
import { parseEvent } from '../../../src/intake/parse-batch.ts';

const ourAppId = '54321';
const change = {
  eventId: 7,
  subscriptionId: 25,
  portalId: 62515,
  appId: 54321,
  occurredAt: 1767261600000,
  subscriptionType: 'contact.propertyChange',
  attemptNumber: 0,
  objectId: 101,
  propertyName: 'lifecyclestage',
  propertyValue: 'customer',
};

function event(raw: object): WebhookEvent {
  const result = parseEvent(raw);
  if (!result.success || result.data === null) throw new Error(`expected an event from ${JSON.stringify(raw)}`);
  return result.data;
}

describe('isOwnWrite', () => {
  it('isOwnWrite(change written through the API by our app) is true', () => {
    expect(isOwnWrite(event({ ...change, changeSource: 'INTEGRATION', sourceId: ourAppId }), ourAppId)).toBe(true);
    expect(isOwnWrite(event({ ...change, changeSource: 'INTEGRATION', sourceId: 54321 }), 54321)).toBe(true);
  });

  it.each([
    ['another app', { changeSource: 'INTEGRATION', sourceId: '99887766' }],
    ['a user in HubSpot', { changeSource: 'CRM_UI', sourceId: 'userId:47874139' }],
    ['an import that names our id as source', { changeSource: 'IMPORT', sourceId: ourAppId }],
    ['no source at all', {}],
  ])('isOwnWrite(change made by %s) is false: it must be processed', (_name, source) => {
    expect(isOwnWrite(event({ ...change, ...source }), ourAppId)).toBe(false);
  });

  it('isOwnWrite(any event, app id unknown) is false', () => {
    expect(isOwnWrite(event({ ...change, changeSource: 'INTEGRATION', sourceId: ourAppId }), undefined)).toBe(false);
  });

  it.each([
    ['empty', '', ''],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
  ])(
    'isOwnWrite(app id %s, an integration change whose source id reads the same) is false',
    (_name, appId, sourceId) => {
      expect(isOwnWrite(event({ ...change, changeSource: 'INTEGRATION', sourceId }), appId)).toBe(false);
    },
  );

  it('isOwnWrite(a creation made by our app) is false: only property writes echo', () => {
    expect(
      isOwnWrite(
        event({ ...change, subscriptionType: 'contact.creation', changeSource: 'INTEGRATION', sourceId: ourAppId }),
        ourAppId,
      ),
    ).toBe(false);
  });
});

describe('WebhookEvent', () => {
  it('WebhookEvent(a parsed event after a JSON round trip through storage) still validates', () => {
    const stored: unknown = JSON.parse(JSON.stringify(event(change)));
    expect(WebhookEvent.parse(stored)).toEqual(event(change));
  });

  it('dedupeKey(the same change) is a stable 32-character hex string, whatever the attempt', () => {
    const first = event(change).dedupeKey;
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(event({ ...change, attemptNumber: 3 }).dedupeKey).toBe(first);
    expect(event({ ...change, occurredAt: change.occurredAt + 1 }).dedupeKey).not.toBe(first);
    expect(event({ ...change, portalId: 62516 }).dedupeKey).not.toBe(first);
  });

  it('dedupeKey(association changes differing only in the other object, added or removed, or the type) differ: none is dropped as a retry', () => {
    const association = {
      ...change,
      objectId: undefined,
      subscriptionType: 'object.associationChange',
      fromObjectTypeId: '0-1',
      fromObjectId: 101,
      toObjectTypeId: '0-3',
      toObjectId: 456,
      associationTypeId: 4,
      associationCategory: 'HUBSPOT_DEFINED',
      associationRemoved: false,
    };
    const key = event(association).dedupeKey;
    expect(event({ ...association, attemptNumber: 2 }).dedupeKey).toBe(key);
    expect(
      new Set([
        key,
        event({ ...association, toObjectId: 457 }).dedupeKey,
        event({ ...association, associationRemoved: true }).dedupeKey,
        event({ ...association, associationTypeId: 5 }).dedupeKey,
      ]).size,
    ).toBe(4);
  });

  it('dedupeKey(merges differing only in the surviving record) differ', () => {
    const merge = {
      ...change,
      subscriptionType: 'contact.merge',
      primaryObjectId: 101,
      mergedObjectIds: [102],
      newObjectId: 103,
    };
    expect(event(merge).dedupeKey).not.toBe(event({ ...merge, newObjectId: 104 }).dedupeKey);
  });
});
