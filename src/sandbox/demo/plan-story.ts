import { DEFAULT_DEAL_STAGES } from '../fake-hubspot/default-pipeline.ts';
import { demoDealName } from './names.ts';
import type { Persona } from './personas.ts';
import { between } from './random.ts';

const OPEN_STAGES = DEFAULT_DEAL_STAGES.filter((s) => !s.isClosed).map((s) => s.id);
const LIFECYCLE = ['lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity'] as const;
const LIFECYCLE_DEPTH: Record<Persona, number> = {
  subscriber: 0,
  lead: 1,
  mql: 2,
  sql: 3,
  'open-deal': 4,
  'lost-deal': 4,
  'new-customer': 4,
  'loyal-customer': 4,
  promoter: 4,
};
/** Days ago the anchor (the first win, else the last change) may lie: "new" customers bought within 30 days (classic-5's retention threshold). */
const ANCHOR_DAYS_AGO: Record<Persona, readonly [number, number]> = {
  subscriber: [3, 270],
  lead: [1, 270],
  mql: [1, 270],
  sql: [1, 200],
  'open-deal': [0.5, 40],
  'lost-deal': [1, 200],
  'new-customer': [1, 25],
  'loyal-customer': [35, 200],
  promoter: [5, 200],
};

/** One change of a contact's story, `day` days after the contact was created. */
export type Beat = { day: number } & (
  | { kind: 'lifecycle'; stage: string }
  | { kind: 'nps'; score: number }
  | { kind: 'open-deal'; deal: number; dealname: string; amount: string }
  | { kind: 'move-deal'; deal: number; stage: string }
  | { kind: 'close-deal'; deal: number; won: boolean }
);

export type Story = {
  beats: Beat[];
  /** Day of the first win, or of the last beat when nothing was won. */
  anchorDay: number;
  /** How many days before the seed's horizon the anchor may lie. */
  anchorDaysAgo: readonly [number, number];
  /** The first win was cancelled a few days later (closedlost): a regression. */
  cancelled: boolean;
};

/**
 * A contact's history as data, in days since creation: lifecycle steps, deals through
 * the default pipeline, NPS answers. The seed places it in time and plays it.
 */
export function planStory(persona: Persona, o: { random: () => number; company: string; cancelWin: boolean }): Story {
  const { random } = o;
  let day = 0;
  const beats: Beat[] = [];
  const after = (min: number, max: number) => (day += between(random, min, max));
  const push = (beat: Beat) => beats.push(beat);
  let deals = 0;
  const deal = (outcome: 'open' | 'lost' | 'won') => {
    const id = deals++;
    push({
      day: after(0, 3),
      kind: 'open-deal',
      deal: id,
      dealname: demoDealName(random, o.company),
      amount: String(Math.round(between(random, 2, 60)) * 500),
    });
    const reached = 1 + Math.floor(random() * OPEN_STAGES.length);
    for (const stage of OPEN_STAGES.slice(1, reached)) push({ day: after(2, 12), kind: 'move-deal', deal: id, stage });
    if (outcome !== 'open') push({ day: after(2, 15), kind: 'close-deal', deal: id, won: outcome === 'won' });
    return id;
  };
  const story = (anchorDay: number, cancelled = false): Story => ({
    beats,
    anchorDay,
    anchorDaysAgo: ANCHOR_DAYS_AGO[persona],
    cancelled,
  });

  const steps: readonly (readonly [number, number])[] = [
    [1, 20],
    [2, 25],
    [2, 20],
    [1, 10],
  ];
  for (let i = 0; i < LIFECYCLE_DEPTH[persona]; i++)
    push({ day: after(...steps[i]!), kind: 'lifecycle', stage: LIFECYCLE[i]! });
  if (persona === 'open-deal' || persona === 'lost-deal') deal(persona === 'open-deal' ? 'open' : 'lost');
  if (persona !== 'new-customer' && persona !== 'loyal-customer' && persona !== 'promoter') return story(day);

  const first = deal('won');
  const wonDay = day;
  if (o.cancelWin) {
    push({ day: after(3, 10), kind: 'close-deal', deal: first, won: false });
    return story(wonDay, true);
  }
  push({ day, kind: 'lifecycle', stage: 'customer' });
  if (persona === 'new-customer') {
    if (random() < 0.3) push({ day: after(1, 3), kind: 'nps', score: 7 + Math.floor(random() * 2) });
    return story(wonDay);
  }
  if (random() < 0.35) {
    after(20, 120);
    deal('won');
  }
  if (persona === 'loyal-customer') {
    if (random() < 0.4) push({ day: after(10, 60), kind: 'nps', score: Math.floor(random() * 9) });
    return story(wonDay);
  }
  push({ day: after(10, 60), kind: 'nps', score: 9 + Math.floor(random() * 2) });
  if (random() < 0.25) push({ day: after(5, 40), kind: 'lifecycle', stage: 'evangelist' });
  else if (random() < 0.15) push({ day: after(30, 90), kind: 'nps', score: Math.floor(random() * 7) });
  return story(wonDay);
}
