import { pickWeighted } from './random.ts';

/**
 * Where a demo contact's story ends. The shares are a B2B funnel shaped so that every
 * stage of every preset has people in it: most contacts stay subscribers or leads, fewer
 * reach a deal, about a quarter of those buy.
 */
export const PERSONA_SHARES = {
  subscriber: 0.28,
  lead: 0.18,
  mql: 0.08,
  sql: 0.03,
  'open-deal': 0.08,
  'lost-deal': 0.06,
  'new-customer': 0.09,
  'loyal-customer': 0.1,
  promoter: 0.1,
} as const;

export type Persona = keyof typeof PERSONA_SHARES;

const ENTRIES = Object.entries(PERSONA_SHARES) as [Persona, number][];

export function pickPersona(random: () => number): Persona {
  return pickWeighted(random, ENTRIES);
}
