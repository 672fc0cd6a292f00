import { describe, expect, it } from 'vitest';
import { parseBatch, parseEvent } from '../../../src/intake/parse-batch.ts';

const creation = {
  eventId: 1,
  subscriptionId: 12345,
  portalId: 62515,
  appId: 54321,
  occurredAt: 1767261600000,
  subscriptionType: 'contact.creation',
  attemptNumber: 0,
  objectId: 123,
  changeSource: 'CRM',
  changeFlag: 'NEW',
};
const lifecycle = {
  ...creation,
  eventId: 2,
  subscriptionType: 'contact.propertyChange',
  propertyName: 'lifecyclestage',
  propertyValue: 'customer',
};

function ok(body: unknown) {
  const result = parseBatch(body);
  if (!result.success) throw new Error(`expected success, got ${result.error}`);
  return result;
}

describe('parseBatch', () => {
  it.each([
    ['an object', { events: [] }],
    ['a string', '[]'],
    ['null', null],
  ])('parseBatch(%s) fails: the route answers 400', (_name, body) => {
    expect(parseBatch(body)).toEqual({ success: false, error: expect.stringContaining('JSON array') });
  });

  it('parseBatch(an event dated more than a day after the request arrived) quarantines it; up to a day is kept', () => {
    const receivedAt = new Date(creation.occurredAt);
    const day = 86_400_000;
    const result = parseBatch(
      [
        { ...creation, eventId: 11, occurredAt: creation.occurredAt + day },
        { ...creation, eventId: 12, objectId: 124, occurredAt: creation.occurredAt + day + 1 },
        { ...lifecycle, eventId: 13, occurredAt: 253_402_300_799_999 },
      ],
      { receivedAt },
    );
    if (!result.success) throw new Error(result.error);
    expect(result.events.map((e) => e.eventId)).toEqual(['11']);
    expect(result.quarantined.map((q) => q.reason)).toEqual([
      'occurredAt: 2026-01-02T10:00:00.001Z is more than a day after the request arrived',
      'occurredAt: 9999-12-31T23:59:59.999Z is more than a day after the request arrived',
    ]);
    expect(result.quarantined.map((q) => q.portalId)).toEqual(['62515', '62515']);
  });

  it('parseBatch([]) succeeds with nothing to store', () => {
    expect(parseBatch([])).toEqual({ success: true, events: [], quarantined: [], ignored: 0, touchpoints: [] });
  });

  it('parseBatch(ids as JSON numbers) keeps them as decimal strings', () => {
    const [event] = ok([creation]).events;
    expect(event).toMatchObject({
      kind: 'creation',
      objectType: 'contact',
      portalId: '62515',
      objectId: '123',
      eventId: '1',
      appId: '54321',
      occurredAt: 1767261600000,
    });
  });

  it('parseBatch(ids as strings) gives the same event as ids as numbers', () => {
    const asStrings = { ...creation, eventId: '1', portalId: '62515', objectId: '123', subscriptionId: '12345' };
    expect(ok([asStrings]).events).toEqual(ok([creation]).events);
  });

  it('parseBatch(id 12345678901234, beyond 2^31) keeps every digit', () => {
    const [event] = ok([{ ...creation, objectId: 12345678901234, portalId: '98765432109' }]).events;
    expect(event).toMatchObject({ objectId: '12345678901234', portalId: '98765432109' });
  });

  it('parseBatch(the same event twice in one batch, one a retry) keeps it once', () => {
    const result = ok([lifecycle, { ...lifecycle, attemptNumber: 1 }, { ...lifecycle, objectId: '123' }]);
    expect(result.events).toHaveLength(1);
  });

  it('parseBatch(two changes sharing an eventId) keeps both: eventId alone is not unique', () => {
    const result = ok([lifecycle, { ...lifecycle, propertyValue: 'evangelist' }, { ...lifecycle, objectId: 124 }]);
    expect(result.events.map((e) => e.dedupeKey)).toHaveLength(3);
    expect(new Set(result.events.map((e) => e.dedupeKey)).size).toBe(3);
  });

  it('parseBatch(one malformed event) quarantines it with a reason naming the field and keeps the rest', () => {
    const bad = { ...creation, eventId: 3, objectId: 'contact-123' };
    const result = ok([creation, bad, lifecycle]);
    expect(result.events.map((e) => e.kind)).toEqual(['creation', 'propertyChange']);
    expect(result.quarantined).toEqual([
      { raw: bad, reason: 'objectId: expected number or numeric string', portalId: '62515' },
    ]);
  });

  it.each([
    ['no occurredAt', { ...creation, occurredAt: undefined }, 'occurredAt: required'],
    ['no objectId', { ...creation, objectId: undefined }, 'objectId: required'],
    ['an id past 2^53', { ...creation, objectId: 2 ** 60 }, 'objectId: integer beyond 2^53'],
    ['a propertyChange without propertyName', { ...lifecycle, propertyName: undefined }, 'propertyName: required'],
    [
      'a merge without mergedObjectIds',
      { ...creation, subscriptionType: 'contact.merge', primaryObjectId: 1 },
      'mergedObjectIds: required',
    ],
    [
      'an association without toObjectId',
      { ...creation, subscriptionType: 'contact.associationChange', associationRemoved: false },
      'toObjectId: required',
    ],
    [
      'object.creation without objectTypeId',
      { ...creation, subscriptionType: 'object.creation' },
      'objectTypeId: required',
    ],
    [
      'deal.privacyDeletion',
      { ...creation, subscriptionType: 'deal.privacyDeletion' },
      'subscriptionType: unsupported',
    ],
    ['no subscriptionType', { ...creation, subscriptionType: undefined }, 'subscriptionType: required'],
    [
      'a subscriptionType that is not text',
      { ...creation, subscriptionType: 5 },
      'subscriptionType: expected a string',
    ],
    [
      'a merge whose mergedObjectIds is not an array',
      { ...creation, subscriptionType: 'contact.merge', primaryObjectId: 1, mergedObjectIds: 7 },
      'mergedObjectIds: expected an array of ids',
    ],
    [
      'an association without associationRemoved',
      { ...creation, subscriptionType: 'contact.associationChange', toObjectId: 9 },
      'associationRemoved: required',
    ],
    [
      'an association whose associationRemoved is not a boolean',
      { ...creation, subscriptionType: 'contact.associationChange', toObjectId: 9, associationRemoved: 'no' },
      'associationRemoved: expected a boolean',
    ],
    [
      'an association naming neither objectId nor fromObjectId',
      {
        ...creation,
        objectId: undefined,
        subscriptionType: 'contact.associationChange',
        toObjectId: 9,
        associationRemoved: false,
      },
      'objectId: required',
    ],
  ])('parseBatch(event with %s) quarantines it: %s', (_name, raw, reason) => {
    const result = ok([raw]);
    expect(result.events).toEqual([]);
    expect(result.quarantined[0]?.reason).toContain(reason);
  });

  it('parseBatch(an element that is not an object) quarantines it with no portal', () => {
    expect(ok([42]).quarantined).toEqual([{ raw: 42, reason: 'event: expected an object', portalId: null }]);
  });

  it.each([
    ['null', null],
    ['an array', [creation]],
    ['a string', 'contact.creation'],
  ])('parseBatch(an element that is %s) quarantines it as not an object, with no portal', (_name, raw) => {
    expect(ok([raw]).quarantined).toEqual([{ raw, reason: 'event: expected an object', portalId: null }]);
  });

  it('parseBatch(an event with two faults) names both in its quarantine reason, and its readable portal', () => {
    const bad = { ...creation, occurredAt: undefined, objectId: 'contact-123' };
    const [entry] = ok([bad]).quarantined;
    expect(entry?.portalId).toBe('62515');
    expect(entry?.reason.split('; ').sort()).toEqual([
      'objectId: expected number or numeric string',
      'occurredAt: required',
    ]);
  });

  it('parseBatch(an event whose portalId is unreadable) quarantines it with no portal', () => {
    expect(ok([{ ...creation, portalId: 'portal-1' }]).quarantined).toMatchObject([{ portalId: null }]);
  });

  it('parseBatch(the same event twice, the retry last) keeps the first delivery', () => {
    expect(ok([lifecycle, { ...lifecycle, attemptNumber: 4 }]).events).toMatchObject([{ attemptNumber: 0 }]);
  });

  it.each([
    ['a generic event for companies (0-2)', { ...creation, subscriptionType: 'object.creation', objectTypeId: '0-2' }],
    ['a legacy company event', { ...creation, subscriptionType: 'company.creation' }],
    ['a conversation event', { ...creation, subscriptionType: 'conversation.newMessage' }],
    [
      'a contact-to-company association',
      {
        ...creation,
        subscriptionType: 'contact.associationChange',
        associationType: 'CONTACT_TO_COMPANY',
        fromObjectId: 123,
        toObjectId: 9,
        associationRemoved: false,
      },
    ],
    [
      'a generic contact-to-note association (0-46)',
      {
        ...creation,
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-1',
        fromObjectId: 123,
        toObjectTypeId: '0-46',
        toObjectId: 9,
        associationRemoved: true,
      },
    ],
  ])('parseBatch(%s) counts it as ignored, not quarantined', (_name, raw) => {
    expect(ok([raw, creation])).toMatchObject({
      events: [{ kind: 'creation' }],
      quarantined: [],
      ignored: 1,
      touchpoints: [],
    });
  });

  const association = { ...creation, associationRemoved: false, fromObjectId: 123, toObjectId: 9 };
  it.each([
    [
      'a generic contact-to-ticket association removed',
      {
        ...association,
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-1',
        toObjectTypeId: '0-5',
        associationRemoved: true,
      },
    ],
    [
      'a generic email-to-contact association',
      {
        ...association,
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-49',
        fromObjectId: 9,
        toObjectTypeId: '0-1',
        toObjectId: 123,
      },
    ],
    [
      'a legacy CONTACT_TO_TICKET association',
      { ...association, subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_TICKET' },
    ],
  ])('parseBatch(%s) names the contact whose touchpoints changed, once, and stores no event', (_name, raw) => {
    expect(ok([raw, { ...raw, eventId: 99 }])).toMatchObject({
      events: [],
      quarantined: [],
      ignored: 0,
      touchpoints: [{ portalId: '62515', contactId: '123' }],
    });
  });
});

describe('parseEvent', () => {
  it('parseEvent(generic deal propertyChange) reads the object type from objectTypeId', () => {
    const result = parseEvent({
      ...lifecycle,
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-3',
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
    });
    expect(result).toMatchObject({
      success: true,
      data: {
        kind: 'propertyChange',
        objectType: 'deal',
        format: 'generic',
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
      },
    });
  });

  it('parseEvent(property cleared) keeps a null propertyValue', () => {
    expect(parseEvent({ ...lifecycle, propertyValue: null })).toMatchObject({
      success: true,
      data: { propertyValue: null },
    });
  });

  it('parseEvent(generic association without objectId) takes the id from fromObjectId', () => {
    const raw = {
      ...creation,
      objectId: undefined,
      subscriptionType: 'object.associationChange',
      fromObjectTypeId: '0-1',
      fromObjectId: 123,
      toObjectTypeId: '0-3',
      toObjectId: 456,
      associationTypeId: 4,
      associationCategory: 'HUBSPOT_DEFINED',
      associationRemoved: false,
    };
    expect(parseEvent(raw)).toMatchObject({
      success: true,
      data: {
        kind: 'associationChange',
        objectType: 'contact',
        objectId: '123',
        toObjectType: 'deal',
        toObjectId: '456',
        associationTypeId: 4,
      },
    });
  });

  describe('association events name the contact from either side', () => {
    const generic = {
      ...creation,
      objectId: undefined,
      subscriptionType: 'object.associationChange',
      associationCategory: 'HUBSPOT_DEFINED',
      associationRemoved: false,
    };
    it.each([
      [
        'generic contact→deal',
        {
          ...generic,
          fromObjectTypeId: '0-1',
          fromObjectId: 123,
          toObjectTypeId: '0-3',
          toObjectId: 456,
          associationTypeId: 4,
        },
      ],
      [
        'generic deal→contact',
        {
          ...generic,
          fromObjectTypeId: '0-3',
          fromObjectId: 456,
          toObjectTypeId: '0-1',
          toObjectId: 123,
          associationTypeId: 3,
        },
      ],
      [
        'legacy contact.associationChange CONTACT_TO_DEAL',
        {
          ...creation,
          objectId: undefined,
          subscriptionType: 'contact.associationChange',
          associationType: 'CONTACT_TO_DEAL',
          fromObjectId: 123,
          toObjectId: 456,
          associationRemoved: false,
        },
      ],
      [
        'legacy deal.associationChange DEAL_TO_CONTACT',
        {
          ...creation,
          objectId: undefined,
          subscriptionType: 'deal.associationChange',
          associationType: 'DEAL_TO_CONTACT',
          fromObjectId: 456,
          toObjectId: 123,
          associationRemoved: false,
        },
      ],
    ])('parseEvent(%s) is contact 123 associated with deal 456', (_name, raw) => {
      expect(parseEvent(raw)).toMatchObject({
        success: true,
        data: {
          kind: 'associationChange',
          objectType: 'contact',
          objectId: '123',
          toObjectType: 'deal',
          toObjectId: '456',
        },
      });
    });

    it('parseEvent(deal→deal) stays a deal event: no contact is named', () => {
      const raw = { ...generic, fromObjectTypeId: '0-3', fromObjectId: 456, toObjectTypeId: '0-3', toObjectId: 789 };
      expect(parseEvent(raw)).toMatchObject({
        success: true,
        data: { objectType: 'deal', objectId: '456', toObjectType: 'deal', toObjectId: '789' },
      });
    });
  });

  describe('values the database cannot store are quarantined with the field named', () => {
    it.each([
      ['a NUL in propertyValue', { ...lifecycle, propertyValue: 'a\u0000b' }, 'propertyValue'],
      ['a lone high surrogate in propertyValue', { ...lifecycle, propertyValue: '\ud800' }, 'propertyValue'],
      ['a lone low surrogate in propertyName', { ...lifecycle, propertyName: 'x\udc00' }, 'propertyName'],
      ['a NUL in changeSource', { ...creation, changeSource: '\u0000' }, 'changeSource'],
      [
        'objectTypeId "constructor"',
        { ...creation, subscriptionType: 'object.creation', objectTypeId: 'constructor' },
        'objectTypeId',
      ],
      [
        'objectTypeId "__proto__"',
        { ...creation, subscriptionType: 'object.creation', objectTypeId: '__proto__' },
        'objectTypeId',
      ],
      [
        'objectTypeId "toString"',
        { ...creation, subscriptionType: 'object.creation', objectTypeId: 'toString' },
        'objectTypeId',
      ],
      ['occurredAt 1e20', { ...creation, occurredAt: 1e20 }, 'occurredAt'],
      ['occurredAt in the year 10000', { ...creation, occurredAt: 253_402_300_800_000 }, 'occurredAt'],
    ])('parseEvent(%s) fails and names the field', (_name, raw, field) => {
      const result = parseEvent(raw);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.errors.join('; ')).toContain(`${field}:`);
    });

    it('parseEvent(a surrogate pair, an emoji) is kept: it is one well-formed character', () => {
      expect(parseEvent({ ...lifecycle, propertyValue: 'ok \ud83d\ude00' })).toMatchObject({
        success: true,
        data: { propertyValue: 'ok \u{1F600}' },
      });
    });

    it('parseEvent(occurredAt on the last millisecond of 9999) is kept', () => {
      expect(parseEvent({ ...creation, occurredAt: 253_402_300_799_999 }).success).toBe(true);
    });
  });

  it('parseEvent(merge without newObjectId) falls back to the primary id', () => {
    const raw = { ...creation, subscriptionType: 'contact.merge', primaryObjectId: 123, mergedObjectIds: [77] };
    expect(parseEvent(raw)).toMatchObject({
      success: true,
      data: { kind: 'merge', newObjectId: '123', mergedObjectIds: ['77'], numberOfPropertiesMoved: null },
    });
  });
});
