import type { Settings } from '@journey-stages/contract/settings-schema';

/** A portal on the default model, 400 of 1,000 contacts derived so far. */
export const classicSettings: Settings = {
  portalId: '62515',
  source: 'default',
  model: {
    id: 'classic-5',
    label: 'Classic (5 stages)',
    stages: [
      { id: 'awareness', label: 'Awareness', holdsWhen: ['the contact exists'], enteredAt: ['`createdate`'] },
      {
        id: 'purchase',
        label: 'Purchase',
        holdsWhen: ['at least one won deal', '`lifecyclestage` is customer'],
        enteredAt: ["the first won deal's `closedate`", '`hs_lifecyclestage_customer_date`'],
      },
    ],
  },
  presets: [
    {
      id: 'classic-5',
      label: 'Classic (5 stages)',
      stages: [
        { id: 'awareness', label: 'Awareness' },
        { id: 'purchase', label: 'Purchase' },
      ],
    },
    {
      id: 'lifecycle-7',
      label: 'Lifecycle (7 stages)',
      stages: [
        { id: 'awareness', label: 'Awareness' },
        { id: 'use', label: 'Use' },
      ],
    },
  ],
  backfill: {
    portalId: '62515',
    state: 'running',
    done: 400,
    total: 1000,
    startedAt: '2026-11-22T11:50:00.000Z',
    finishedAt: null,
    contactsPerSecond: 227.5,
    expectedEndAt: '2026-11-22T12:00:00.000Z',
  },
};

/** The same portal after switching to lifecycle-7: a new backfill has just started. */
export const lifecycleSettings: Settings = {
  ...classicSettings,
  source: 'preset',
  model: {
    id: 'lifecycle-7',
    label: 'Lifecycle (7 stages)',
    stages: [{ id: 'awareness', label: 'Awareness', holdsWhen: ['the contact exists'], enteredAt: ['`createdate`'] }],
  },
  backfill: { ...classicSettings.backfill!, done: 0, contactsPerSecond: 0, expectedEndAt: null },
};

/** A two-stage custom model that the service's parser accepts. */
export const customModel = {
  id: 'mine',
  label: 'Mine',
  stages: [
    { id: 'known', label: 'Known', holdsWhen: [{ kind: 'contactExists' }] },
    { id: 'buyer', label: 'Buyer', holdsWhen: [{ kind: 'wonDealCount' }] },
  ],
};

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
