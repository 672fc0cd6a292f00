import type { Funnel } from '@journey-stages/contract/funnel-schema';

/** 22 Nov 2026, 15:00 UTC: "last 90 days" is 25 Aug up to and including 22 Nov. */
export const fixedNow = new Date('2026-11-22T15:00:00.000Z');

export const classic5: Funnel['model'] = {
  id: 'classic-5',
  label: 'Classic (5 stages)',
  stages: [
    { id: 'awareness', label: 'Awareness' },
    { id: 'consideration', label: 'Consideration' },
    { id: 'purchase', label: 'Purchase' },
    { id: 'retention', label: 'Retention' },
    { id: 'advocacy', label: 'Advocacy' },
  ],
};

/**
 * A portal where 240 contacts arrived in the period and 61% moved on, but of the 77 who
 * reached consideration only 41% went further: consideration is where most stop.
 * Nobody entered retention in the period; advocacy is the last stage (no conversion).
 */
export const funnel: Funnel = {
  portalId: '62515',
  model: classic5,
  from: '2026-08-25T00:00:00.000Z',
  to: '2026-11-23T00:00:00.000Z',
  stages: [
    { stage: 'awareness', current: 812, entered: 240, conversionToNext: 0.61, medianDaysInStage: 12.5 },
    { stage: 'consideration', current: 147, entered: 77, conversionToNext: 0.41, medianDaysInStage: 29.7 },
    { stage: 'purchase', current: 8, entered: 15, conversionToNext: 0.47, medianDaysInStage: 30 },
    { stage: 'retention', current: 1037, entered: 0, conversionToNext: null, medianDaysInStage: null },
    { stage: 'advocacy', current: 7, entered: 5, conversionToNext: null, medianDaysInStage: 1 },
  ],
};

/** A portal whose backfill has not derived anyone yet. */
export const emptyFunnel: Funnel = {
  ...funnel,
  stages: funnel.stages.map((s) => ({ ...s, current: 0, entered: 0, conversionToNext: null, medianDaysInStage: null })),
};

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
