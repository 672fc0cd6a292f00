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

/*
 * What a quarantined event's reason says (docs/api.md, quarantine): the field and why, so an
 * operator can tell HubSpot's change of format from a bad sender.
 */
describe('the envelope: ids, types and times HubSpot sends, and the reasons for what it does not', () => {
  const reasons = (raw: object) => {
    const result = parseEvent(raw);
    return result.success ? [] : result.errors;
  };

  it('keeps an id as the same decimal text whether it came as a number or a string', () => {
    expect(event({ ...change, objectId: 0 }).objectId).toBe('0');
    expect(event({ ...change, objectId: '0' }).objectId).toBe('0');
    expect(event({ ...change, objectId: 2 ** 53 - 1 }).objectId).toBe('9007199254740991');
    expect(event({ ...change, objectId: '0012' }).objectId).toBe('12');
    expect(event({ ...change, objectId: '99999999999999999999' }).objectId).toBe('99999999999999999999');
  });

  it('refuses an id that lost precision, is negative, fractional, or not only digits', () => {
    expect(reasons({ ...change, objectId: 2 ** 53 + 2 })).toEqual([
      'objectId: integer beyond 2^53 lost precision in JSON; expected a numeric string',
    ]);
    for (const bad of [-5, 1.5, '101abc', 'abc101', '-5', '', '123456789012345678901'])
      expect(reasons({ ...change, objectId: bad }), String(bad)).toEqual([
        'objectId: expected number or numeric string',
      ]);
  });

  it('refuses an object type id or a subscription type with anything around it', () => {
    const generic = { ...change, subscriptionType: 'object.propertyChange', objectTypeId: '0-1' };
    expect(event(generic).objectType).toBe('contact');
    for (const bad of ['x0-1', '0-1x', '-1', '0-'])
      expect(reasons({ ...generic, objectTypeId: bad }), bad).toEqual([
        'objectTypeId: expected an object type id such as "0-1"',
      ]);
    for (const bad of ['contact.propertyChange.x', ' contact.propertyChange', 'contact', 'contact.2'])
      expect(reasons({ ...change, subscriptionType: bad }), bad).toEqual([
        'subscriptionType: expected "<object>.<action>"',
      ]);
  });

  it('refuses a time past the year 9999, an empty property name, and text the database cannot store', () => {
    expect(reasons({ ...change, occurredAt: 253_402_300_800_000 })).toEqual([
      'occurredAt: beyond the year 9999: not a time HubSpot sends',
    ]);
    expect(reasons({ ...change, occurredAt: 'yesterday' })).toEqual([
      'occurredAt: expected milliseconds since the epoch',
    ]);
    expect(reasons({ ...change, propertyName: '' })).toEqual(['propertyName: expected a property name']);
    expect(reasons({ ...change, propertyValue: 'a\u0000b' })).toEqual([
      'propertyValue: contains a NUL character or a lone surrogate, which the database cannot store',
    ]);
  });
});
