import { describe, expect, it } from 'vitest';
import type { Journey } from '@journey-stages/contract/journey';
import { renderJourneyPage } from '../../../src/api/preview/render-journey-page.ts';
import { renderMessagePage } from '../../../src/api/preview/render-message-page.ts';

const page = (j: Journey) => renderJourneyPage(j, { now: new Date('2026-03-14T12:00:00.000Z') });

const model: Journey['model'] = {
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

const journey: Journey = {
  portalId: '62515',
  contactId: '101',
  model,
  current: { stage: 'purchase', enteredAt: '2026-03-02T10:00:00.000Z' },
  timeline: [
    {
      stage: 'awareness',
      enteredAt: '2026-01-05T09:12:00.000Z',
      direction: 'advance',
      reason: 'Contact created',
      evidence: [{ object: 'contact', id: '101', property: 'createdate', value: '2026-01-05T09:12:00.000Z' }],
    },
    {
      stage: 'purchase',
      enteredAt: '2026-02-01T10:00:00.000Z',
      direction: 'advance',
      reason: 'First deal won: Starter',
      evidence: [{ object: 'deal', id: '555', property: 'closedate', value: '2026-02-01T10:00:00.000Z' }],
    },
    {
      stage: 'consideration',
      enteredAt: '2026-02-20T12:00:00.000Z',
      direction: 'regression',
      reason: 'Back from Purchase: deal reopened',
      evidence: [],
      observed: true,
    },
    {
      stage: 'purchase',
      enteredAt: '2026-03-02T10:00:00.000Z',
      direction: 'advance',
      reason: 'First deal won: Annual',
      evidence: [{ object: 'deal', id: '777', property: 'closedate', value: '2026-03-02T10:00:00.000Z' }],
    },
  ],
  updatedAt: '2026-03-02T10:00:03.120Z',
};

const now = new Date('2026-03-14T12:00:00.000Z');
const rows = (page: string) => page.match(/<tr class="entry[\s\S]*?<\/tr>/g) ?? [];
const text = (fragment: string) =>
  fragment
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('renderJourneyPage', () => {
  it('renderJourneyPage(journey) is a complete English page with no script and no outside resource', () => {
    const page = renderJourneyPage(journey, { now });
    expect(page).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(page).toContain('</html>');
    expect(page).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
  });

  it('renderJourneyPage(journey) lists the stages in order and marks only the current one with aria-current="step"', () => {
    const page = renderJourneyPage(journey, { now });
    const steps = [...page.matchAll(/<li class="step (\w+)" data-stage="(\w+)"( aria-current="step")?/g)].map((m) => [
      m[2],
      m[1],
      Boolean(m[3]),
    ]);
    expect(steps).toEqual([
      ['awareness', 'done', false],
      ['consideration', 'done', false],
      ['purchase', 'current', true],
      ['retention', 'todo', false],
      ['advocacy', 'todo', false],
    ]);
  });

  it('renderJourneyPage(journey) says since when and for how long the contact is in its stage', () => {
    const page = renderJourneyPage(journey, { now });
    expect(text(page.match(/<p class="since"[\s\S]*?<\/p>/)![0])).toBe('Purchase since 2 Mar 2026 · 12 days');
  });

  it('renderJourneyPage(journey) shows each entry with date, stage, direction and reason, regressions in words', () => {
    const page = renderJourneyPage(journey, { now });
    expect(page).toMatch(/<th scope="col">Date<\/th>/);
    expect(rows(page).map(text)).toEqual([
      '5 Jan 2026 Awareness ↑ Advance Contact created Contact · createdate',
      '1 Feb 2026 Purchase ↑ Advance First deal won: Starter Deal 555 · closedate',
      '20 Feb 2026observed (no HubSpot timestamp) Consideration ↓ Regression Back from Purchase: deal reopened —',
      '2 Mar 2026 Purchase ↑ Advance First deal won: Annual Deal 777 · closedate',
    ]);
    expect(rows(page)[2]).toMatch(/^<tr class="entry regression">/);
  });

  it('renderJourneyPage(deal evidence) links the deal to its HubSpot record', () => {
    const page = renderJourneyPage(journey, { now });
    expect(page).toContain(
      '<a href="https://app.hubspot.com/contacts/62515/record/0-3/777" rel="noopener noreferrer">Deal 777</a>',
    );
  });

  it('renderJourneyPage(observed entry) marks only that entry as observed', () => {
    const marked = rows(renderJourneyPage(journey, { now })).map((row) =>
      row.includes('observed (no HubSpot timestamp)'),
    );
    expect(marked).toEqual([false, false, true, false]);
  });

  it('renderJourneyPage(contact data with markup) shows it as text and never as markup', () => {
    const hostile: Journey = {
      ...journey,
      contactId: '<b>101</b>',
      model: {
        ...model,
        label: '</title><script>alert(0)</script>',
        stages: [...model.stages.slice(0, 2), { id: 'purchase', label: '<img src=x onerror=alert(1)>' }],
      },
      timeline: [
        {
          ...journey.timeline[1]!,
          reason: '<script>alert("won")</script> & co',
          evidence: [{ object: 'deal', id: '7"><script>alert(2)</script>', property: '<i>closedate</i>', value: null }],
        },
      ],
    };
    const page = renderJourneyPage(hostile, { now });
    expect(page).not.toMatch(/<script|<img|<b>|<i>/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;won&quot;)&lt;/script&gt; &amp; co');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('Contact &lt;b&gt;101&lt;/b&gt;');
    expect(page).toContain(
      'href="https://app.hubspot.com/contacts/62515/record/0-3/7%22%3E%3Cscript%3Ealert(2)%3C%2Fscript%3E"',
    );
  });

  it('renderJourneyPage(empty timeline) says no stage change is recorded yet instead of an empty table', () => {
    const page = renderJourneyPage(
      { ...journey, current: { stage: 'awareness', enteredAt: '2026-03-14T08:00:00.000Z' }, timeline: [] },
      { now },
    );
    expect(page).not.toContain('<table');
    expect(page).toContain('No stage changes recorded yet.');
    expect(text(page.match(/<p class="since"[\s\S]*?<\/p>/)![0])).toBe('Awareness since 14 Mar 2026 · today');
  });

  it('renderJourneyPage(timeZone America/New_York) dates entries on the local calendar day', () => {
    const late = { ...journey, current: { stage: 'purchase', enteredAt: '2026-03-02T03:30:00.000Z' } };
    const newYork = renderJourneyPage(late, {
      now: new Date('2026-03-14T02:00:00.000Z'),
      timeZone: 'America/New_York',
    });
    const utc = renderJourneyPage(late, { now: new Date('2026-03-14T02:00:00.000Z') });
    expect(text(newYork.match(/<p class="since"[\s\S]*?<\/p>/)![0])).toBe('Purchase since 1 Mar 2026 · 12 days');
    expect(text(utc.match(/<p class="since"[\s\S]*?<\/p>/)![0])).toBe('Purchase since 2 Mar 2026 · 12 days');
    expect(newYork).toContain('dates in America/New_York');
  });

  it('renderJourneyPage(unknown time zone) falls back to UTC and says so', () => {
    const page = renderJourneyPage(journey, { now, timeZone: 'Mars/Olympus_Mons' });
    expect(page).toContain('dates in UTC');
    expect(text(rows(page)[0]!)).toMatch(/^5 Jan 2026 /);
  });

  it('renderJourneyPage(entry of a stage the model no longer has) shows the stage id', () => {
    const page = renderJourneyPage({ ...journey, timeline: [{ ...journey.timeline[0]!, stage: 'interest' }] }, { now });
    expect(text(rows(page)[0]!)).toContain(' interest ');
  });
});

describe('renderJourneyPage journey context (docs/api.md)', () => {
  const guidance = { doing: ['Compares <offers>'], help: ['Send a case study'], metrics: ['Days to a deal'] };
  const context: Journey = {
    ...journey,
    model: {
      ...model,
      stages: model.stages.map((stage) => (stage.id === 'consideration' ? { ...stage, guidance } : stage)),
    },
    current: { stage: 'consideration', enteredAt: '2026-03-05T10:00:00.000Z' },
    highest: { stage: 'purchase', enteredAt: '2026-02-01T10:00:00.000Z' },
    timeline: [
      { ...journey.timeline[0]!, skipped: [] },
      { ...journey.timeline[1]!, skipped: ['consideration'] },
      {
        stage: 'consideration',
        enteredAt: '2026-03-05T10:00:00.000Z',
        direction: 'regression',
        reason: 'Back from Purchase: deal reopened',
        evidence: [],
        skipped: [],
      },
    ],
  };

  it('renderJourneyPage(a move that skipped a stage) names it on that move, adds no row for it, and marks the step skipped until it is entered', () => {
    const skippedAhead: Journey = {
      ...context,
      current: { stage: 'retention', enteredAt: '2026-03-05T10:00:00.000Z' },
      highest: { stage: 'retention', enteredAt: '2026-03-05T10:00:00.000Z' },
      timeline: context.timeline.slice(0, 2),
    };
    const page = renderJourneyPage(skippedAhead, { now });
    expect(rows(page).map(text)).toEqual([
      '5 Jan 2026 Awareness ↑ Advance Contact created Contact · createdate',
      '1 Feb 2026 Purchaseskipped Consideration ↑ Advance First deal won: Starter Deal 555 · closedate',
    ]);
    expect(page).toMatch(/<li class="step skipped" data-stage="consideration">[\s\S]*?\(skipped\)/);
    // Entered later (the regression): no longer shown as skipped in the steps.
    expect(renderJourneyPage(context, { now })).not.toContain('class="step skipped"');
  });

  it('renderJourneyPage(below its furthest stage) says which stage was the furthest and when it was reached', () => {
    const page = renderJourneyPage(context, { now });
    expect(text(page.match(/<p class="highest"[\s\S]*?<\/p>/)![0])).toBe(
      'Furthest stage reached: Purchase, on 1 Feb 2026',
    );
    expect(renderJourneyPage(journey, { now })).not.toContain('class="highest"');
  });

  it('renderJourneyPage(survey answers) shows the last NPS, CSAT and CES answers with their days', () => {
    const page = renderJourneyPage(
      {
        ...context,
        satisfaction: [
          { kind: 'nps', value: 9, at: '2026-03-01T10:00:00.000Z' },
          { kind: 'csat', value: 2, at: null },
        ],
      },
      { now },
    );
    expect(text(page.match(/<p class="highest" data-testid="satisfaction">[\s\S]*?<\/p>/)![0])).toBe(
      'Last survey answers: NPS 9 (1 Mar 2026) · CSAT 2',
    );
    expect(renderJourneyPage(journey, { now })).not.toContain('data-testid="satisfaction"');
  });

  it('renderJourneyPage(current stage with guidance) lists what customers do, how to help and what to measure, escaped', () => {
    const page = renderJourneyPage(context, { now });
    const section = text(page.match(/<section class="panel" aria-labelledby="guidance-title">[\s\S]*?<\/section>/)![0]);
    expect(section).toBe(
      'Guidance for Consideration What customers doCompares &lt;offers&gt;How to help themSend a case studyWhat to measureDays to a deal',
    );
    expect(renderJourneyPage(journey, { now })).not.toContain('guidance-title');
  });

  it('renderJourneyPage(behind in its stage) shows the badge and the plain words against the portal dwell times', () => {
    const behind = {
      ...journey,
      current: { stage: 'consideration', enteredAt: '2026-02-20T12:00:00.000Z' },
      health: {
        status: 'behind' as const,
        daysInStage: 41.2,
        p50Days: 18,
        p75Days: 30.5,
        p90Days: 55,
        basis: 240,
        snoozed: { until: '2026-04-01T00:00:00.000Z', reason: 'On <leave>' },
      },
    };
    const page = renderJourneyPage(behind, { now });
    const p = page.match(/<p class="health"[\s\S]*?<\/p>/)![0];
    expect(p).toContain('data-status="behind"');
    expect(text(p)).toBe(
      'Behind 41 days in Consideration; most contacts that move on do so within 18 days (3 in 4 within 31, 9 in 10 within 55; 240 moves compared)Flag snoozed until 1 Apr 2026: On &lt;leave&gt;',
    );
    expect(renderJourneyPage({ ...behind, health: null }, { now })).toContain(
      'Fewer than 20 contacts have moved on from Consideration in the last year',
    );
    const last = { ...journey, current: { stage: 'advocacy', enteredAt: '2026-03-02T10:00:00.000Z' }, health: null };
    expect(renderJourneyPage(last, { now })).not.toContain('data-testid="health');
  });

  it('renderJourneyPage(touchpoints) counts them per stay with the most recent, and says so when they are unavailable', () => {
    const withTouchpoints: Journey = {
      ...journey,
      touchpointsStatus: 'ok',
      touchpoints: [
        {
          stage: 'purchase',
          enteredAt: '2026-03-02T10:00:00.000Z',
          counts: { email: 3, call: 1, meeting: 0, ticket: 1, form: 0 },
          recent: [{ type: 'ticket', at: '2026-03-05T10:00:00.000Z', id: '9', title: 'Refund <now>' }],
        },
      ],
    };
    const table = page(withTouchpoints).match(/<table data-testid="touchpoints">[\s\S]*?<\/table>/)![0];
    expect(text(table)).toBe(
      'StayEmailsCallsMeetingsTicketsFormsMost recent Purchase (from 2 Mar 2026) 31010 Ticket · 5 Mar 2026 · Refund &lt;now&gt;',
    );
    const unavailable = page({ ...journey, touchpointsStatus: 'unavailable' });
    expect(unavailable).toContain('data-testid="touchpoints-unavailable"');
    expect(unavailable).not.toContain('<table data-testid="touchpoints">');
    expect(page(journey)).not.toContain('touchpoints-title');
  });
});

describe('renderMessagePage', () => {
  it('renderMessagePage(title, message, 404) is a page with the status, the title as heading and the message escaped', () => {
    const page = renderMessagePage('Contact not found', 'No contact <101>', 404);
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toContain('HTTP 404');
    expect(page).toMatch(/<h1[^>]*>Contact not found<\/h1>/);
    expect(page).toContain('No contact &lt;101&gt;');
  });
});
