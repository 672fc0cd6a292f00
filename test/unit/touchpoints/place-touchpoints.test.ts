import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import { placeTouchpoints } from '../../../src/touchpoints/place-touchpoints.ts';
import type { Touchpoint } from '../../../src/touchpoints/touchpoint-sources.ts';

const entry = (stage: string, enteredAt: string, direction: TimelineEntry['direction'] = 'advance'): TimelineEntry => ({
  stage,
  enteredAt: new Date(enteredAt).toISOString(),
  direction,
  reason: 'test',
  evidence: [],
});
const tp = (type: Touchpoint['type'], at: string, id: string, title?: string): Touchpoint => ({
  type,
  at: new Date(at).toISOString(),
  id,
  ...(title ? { title } : {}),
});

// awareness from Jan 1, consideration from Feb 1, purchase from Mar 1 (ongoing).
const TIMELINE = [
  entry('awareness', '2026-01-01'),
  entry('consideration', '2026-02-01'),
  entry('purchase', '2026-03-01'),
];

describe('placeTouchpoints(timeline, touchpoints)', () => {
  const cases: Array<{
    name: string;
    timeline?: TimelineEntry[];
    touchpoints: Touchpoint[];
    counts: Array<Partial<Record<Touchpoint['type'], number>>>;
  }> = [
    {
      name: 'one in each stay, by its time',
      touchpoints: [tp('email', '2026-01-10', '1'), tp('call', '2026-02-10', '2'), tp('meeting', '2026-03-10', '3')],
      counts: [{ email: 1 }, { call: 1 }, { meeting: 1 }],
    },
    {
      name: 'on the very moment a stay begins: the new stay',
      touchpoints: [tp('ticket', '2026-02-01', '4')],
      counts: [{}, { ticket: 1 }, {}],
    },
    {
      name: 'a millisecond before a stay begins: the stay before',
      touchpoints: [tp('ticket', '2026-01-31T23:59:59.999Z', '5')],
      counts: [{ ticket: 1 }, {}, {}],
    },
    {
      name: 'before the first entry (logged before the record was created): the first stay',
      touchpoints: [tp('email', '2025-12-24', '6')],
      counts: [{ email: 1 }, {}, {}],
    },
    {
      name: 'after the last entry: the ongoing stay',
      touchpoints: [tp('form', '2027-01-01', '7')],
      counts: [{}, {}, { form: 1 }],
    },
    {
      name: 'a stay of zero length gets nothing; the later entry at the same time takes it',
      timeline: [
        entry('awareness', '2026-01-01'),
        entry('consideration', '2026-02-01'),
        entry('purchase', '2026-02-01'),
      ],
      touchpoints: [tp('call', '2026-02-01', '8')],
      counts: [{}, {}, { call: 1 }],
    },
    {
      name: 'a stage stayed in twice (after a regression) counts per stay',
      timeline: [
        entry('consideration', '2026-01-01'),
        entry('purchase', '2026-02-01'),
        entry('consideration', '2026-03-01', 'regression'),
      ],
      touchpoints: [tp('email', '2026-01-05', '9'), tp('email', '2026-03-05', '10'), tp('email', '2026-03-06', '11')],
      counts: [{ email: 1 }, {}, { email: 2 }],
    },
  ];
  for (const c of cases) {
    it(`${c.name}`, () => {
      const stays = placeTouchpoints(c.timeline ?? TIMELINE, c.touchpoints);
      expect(stays.map((s) => Object.fromEntries(Object.entries(s.counts).filter(([, n]) => n > 0)))).toEqual(c.counts);
    });
  }

  it('gives one row per timeline entry, with its stage, start and all five counts', () => {
    const stays = placeTouchpoints(TIMELINE, []);
    expect(stays).toEqual(
      TIMELINE.map((e) => ({
        stage: e.stage,
        enteredAt: e.enteredAt,
        counts: { email: 0, call: 0, meeting: 0, ticket: 0, form: 0 },
        recent: [],
      })),
    );
  });

  it('lists the three most recent of a stay, newest first, with their titles; counts them all', () => {
    const inConsideration = ['2026-02-02', '2026-02-20', '2026-02-05', '2026-02-11', '2026-02-14'].map((d, i) =>
      tp(i % 2 ? 'call' : 'email', d, `e${i}`, `Subject ${i}`),
    );
    const [, consideration] = placeTouchpoints(TIMELINE, inConsideration);
    expect(consideration!.counts).toMatchObject({ email: 3, call: 2 });
    expect(consideration!.recent).toEqual([
      { type: 'call', at: '2026-02-20T00:00:00.000Z', id: 'e1', title: 'Subject 1' },
      { type: 'email', at: '2026-02-14T00:00:00.000Z', id: 'e4', title: 'Subject 4' },
      { type: 'call', at: '2026-02-11T00:00:00.000Z', id: 'e3', title: 'Subject 3' },
    ]);
  });

  it('an empty timeline has no stays to place in', () => {
    expect(placeTouchpoints([], [tp('email', '2026-01-10', '1')])).toEqual([]);
  });
});
