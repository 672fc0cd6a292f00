import type { Journey } from '@journey-stages/contract/journey';

export const classic5: Journey['model'] = {
  id: 'classic-5',
  stages: [
    { id: 'awareness', label: 'Awareness' },
    { id: 'consideration', label: 'Consideration' },
    { id: 'purchase', label: 'Purchase' },
    { id: 'retention', label: 'Retention' },
    { id: 'advocacy', label: 'Advocacy' },
  ],
};

/** A contact who bought on 2 Mar 2026 through deal 555. */
export const purchaseJourney: Journey = {
  portalId: '123',
  contactId: '123',
  model: classic5,
  current: { stage: 'purchase', enteredAt: '2026-03-02T10:00:00.000Z' },
  timeline: [
    {
      stage: 'awareness',
      enteredAt: '2026-01-05T09:12:00.000Z',
      direction: 'advance',
      reason: 'Contact created',
      evidence: [{ object: 'contact', id: '123', property: 'createdate', value: '2026-01-05T09:12:00.000Z' }],
    },
    {
      stage: 'consideration',
      enteredAt: '2026-01-20T15:00:00.000Z',
      direction: 'advance',
      reason: 'First deal created',
      evidence: [{ object: 'deal', id: '555', property: 'createdate', value: '2026-01-20T15:00:00.000Z' }],
    },
    {
      stage: 'purchase',
      enteredAt: '2026-03-02T10:00:00.000Z',
      direction: 'advance',
      reason: 'Deal won',
      evidence: [{ object: 'deal', id: '555', property: 'closedate', value: '2026-03-02T10:00:00.000Z' }],
    },
  ],
  updatedAt: '2026-03-02T10:00:03.120Z',
};

/** The same contact after the won deal was deleted: back to consideration, observed by us. */
export const regressedJourney: Journey = {
  ...purchaseJourney,
  current: { stage: 'consideration', enteredAt: '2026-03-10T12:00:00.000Z' },
  timeline: [
    ...purchaseJourney.timeline,
    {
      stage: 'consideration',
      enteredAt: '2026-03-10T12:00:00.000Z',
      direction: 'regression',
      reason: 'Won deal deleted',
      evidence: [{ object: 'deal', id: '555', property: 'hs_is_closed_won', value: null }],
      observed: true,
    },
  ],
};

export const emptyJourney: Journey = {
  ...purchaseJourney,
  current: { stage: 'awareness', enteredAt: '2026-01-05T09:12:00.000Z' },
  timeline: [],
};

/** 14 Mar 2026, 08:00 in New York (the test renderer's portal time zone). */
export const fixedNow = new Date('2026-03-14T12:00:00.000Z');

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * A contact that jumped from awareness to purchase, fell back to consideration and is Behind there,
 * in an EU portal, with guidance, satisfaction answers and touchpoints per stay (docs/touchpoints.md).
 */
export const behindJourney: Journey = {
  ...purchaseJourney,
  uiDomain: 'app-eu1.hubspot.com',
  model: {
    ...classic5,
    stages: classic5.stages.map((s) =>
      s.id === 'consideration'
        ? {
            ...s,
            guidance: {
              doing: ['Comparing vendors'],
              help: ['Send a case study', 'Offer a demo'],
              metrics: ['Demo requests'],
            },
          }
        : s,
    ),
  },
  current: { stage: 'consideration', enteredAt: '2026-02-01T10:00:00.000Z' },
  highest: { stage: 'purchase', enteredAt: '2026-01-20T15:00:00.000Z' },
  health: { status: 'behind', daysInStage: 41.2, p50Days: 18, p75Days: 30.5, p90Days: 55, basis: 240 },
  timeline: [
    purchaseJourney.timeline[0]!,
    { ...purchaseJourney.timeline[2]!, enteredAt: '2026-01-20T15:00:00.000Z', skipped: ['consideration'] },
    {
      stage: 'consideration',
      enteredAt: '2026-02-01T10:00:00.000Z',
      direction: 'regression',
      reason: 'Won deal lost',
      evidence: [],
      skipped: [],
    },
  ],
  satisfaction: [
    { kind: 'nps', value: 6, at: '2026-02-03T10:00:00.000Z' },
    { kind: 'csat', value: 2, at: null },
  ],
  touchpointsStatus: 'ok',
  touchpoints: [
    {
      stage: 'awareness',
      enteredAt: '2026-01-05T09:12:00.000Z',
      counts: { email: 2, call: 0, meeting: 0, ticket: 0, form: 1 },
      recent: [],
    },
    {
      stage: 'consideration',
      enteredAt: '2026-02-01T10:00:00.000Z',
      counts: { email: 3, call: 1, meeting: 1, ticket: 1, form: 0 },
      recent: [
        { type: 'ticket', at: '2026-02-20T15:00:00.000Z', id: '9001', title: 'Refund request' },
        { type: 'meeting', at: '2026-02-18T15:00:00.000Z', id: '8812' },
      ],
    },
  ],
};
