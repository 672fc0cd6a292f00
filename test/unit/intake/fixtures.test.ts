import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OBJECT_TYPE_IDS } from '../../../src/intake/hubspot-events.ts';
import { WebhookEvent } from '../../../src/store/webhook-event.ts';
import { parseBatch } from '../../../src/intake/parse-batch.ts';

const fixturesDir = new URL('../../../webhooks/fixtures/', import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));

/**
 * legacy/contact.merge.json → contact, merge; generic/object.merge.0-3.json → deal, merge.
 * A contact-deal association is told from the contact's side, whichever side HubSpot sent.
 */
function expectedOf(
  folder: 'legacy' | 'generic',
  file: string,
): { objectType: string | undefined; kind: string | undefined } {
  const [prefix, kind, typeId = ''] = file.replace(/\.json$/, '').split('.');
  if (kind === 'associationChange') return { objectType: 'contact', kind };
  return { objectType: folder === 'legacy' ? prefix : OBJECT_TYPE_IDS[typeId], kind };
}

const fixtureFiles = (['legacy', 'generic'] as const).flatMap((folder) =>
  readdirSync(new URL(`${folder}/`, fixturesDir))
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ folder, file })),
);

const Subscription = z.object({
  subscriptionType: z.string(),
  objectType: z.enum(['contact', 'deal']).optional(),
  propertyName: z.string().optional(),
  active: z.boolean(),
});
const Hsmeta = z.object({
  uid: z.string(),
  type: z.literal('webhooks'),
  config: z.object({
    settings: z.object({ targetUrl: z.string(), maxConcurrentRequests: z.number().int().gt(5) }),
    subscriptions: z.object({
      crmObjects: z.array(Subscription),
      legacyCrmObjects: z.array(Subscription),
      hubEvents: z.array(Subscription),
    }),
  }),
});
const hsmeta = Hsmeta.parse(readJson(new URL('../webhooks-hsmeta.json', fixturesDir)));
const typeIdOf = { contact: '0-1', deal: '0-3' } as const;

function fixtureFor(subscription: z.infer<typeof Subscription>): URL {
  if (subscription.objectType === undefined)
    return new URL(`legacy/${subscription.subscriptionType}.json`, fixturesDir);
  return new URL(`generic/${subscription.subscriptionType}.${typeIdOf[subscription.objectType]}.json`, fixturesDir);
}

describe('webhook fixtures', () => {
  it('there is at least one fixture in each format', () => {
    expect(fixtureFiles.filter((f) => f.folder === 'legacy').length).toBeGreaterThan(0);
    expect(fixtureFiles.filter((f) => f.folder === 'generic').length).toBeGreaterThan(0);
  });

  it.each(fixtureFiles)(
    'parseBatch($folder/$file) gives one event per element, of the kind and object type the file names',
    ({ folder, file }) => {
      const raw = readJson(new URL(`${folder}/${file}`, fixturesDir));
      const result = parseBatch(raw);
      if (!result.success) throw new Error(result.error);
      expect(result.quarantined).toEqual([]);
      expect(result.ignored).toBe(0);
      expect(result.events).toHaveLength((raw as unknown[]).length);
      const expected = expectedOf(folder, file);
      for (const event of result.events) {
        expect({ objectType: event.objectType, kind: event.kind }).toEqual(expected);
        expect(WebhookEvent.safeParse(JSON.parse(JSON.stringify(event))).success).toBe(true);
      }
    },
  );
});

describe('webhooks/webhooks-hsmeta.json', () => {
  const all = [
    ...hsmeta.config.subscriptions.crmObjects,
    ...hsmeta.config.subscriptions.legacyCrmObjects,
    ...hsmeta.config.subscriptions.hubEvents,
  ];

  it('declares active subscriptions only, with the placeholder target URL the deployment replaces', () => {
    expect(all.every((s) => s.active)).toBe(true);
    expect(hsmeta.config.settings).toEqual({ targetUrl: '${SERVICE_URL}/webhooks/hubspot', maxConcurrentRequests: 10 });
  });

  it.each(
    all.map((s) => ({ ...s, label: [s.subscriptionType, s.objectType, s.propertyName].filter(Boolean).join(' ') })),
  )('subscription $label has a fixture that parses into events of that type', (subscription) => {
    const result = parseBatch(readJson(fixtureFor(subscription)));
    if (!result.success) throw new Error(result.error);
    const matching = result.events.filter(
      (e) =>
        e.subscriptionType === subscription.subscriptionType &&
        (subscription.objectType === undefined || e.objectType === subscription.objectType) &&
        (subscription.propertyName === undefined ||
          (e.kind === 'propertyChange' && e.propertyName === subscription.propertyName)),
    );
    expect(matching.length).toBeGreaterThan(0);
  });
});
