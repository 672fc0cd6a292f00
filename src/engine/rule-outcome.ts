import type { ContactSnapshot } from './evidence.ts';
import type { DealFacts } from './deal-facts.ts';

/** A deal a rule picked, copied out of the snapshot so that its reason can be worded later. */
export type PickedDeal = {
  id: string;
  name: string | null;
  stageLabel: string | null;
  dateProperty: string;
  dateValue: string | null;
  at: number | null;
};

/** What made a rule hold: the values its reason and evidence are written from. */
export type Subject =
  | {
      type: 'contact';
      property: string;
      value: string | null;
      dateProperty: string | null;
      dateValue: string | null;
      at: number | null;
    }
  | { type: 'deals'; deals: readonly PickedDeal[] }
  | { type: 'stage'; stage: number; at: number };

/** A rule holds since `at` (null: HubSpot gave no timestamp), or would start to hold at `pendingAt`. */
export type RuleOutcome =
  | { holds: true; at: number | null; subject: Subject }
  | { holds: false; pendingAt: number }
  | null;

/** A stage's state during one derivation, filled in dependency order. */
export type StageResult = {
  holds: boolean;
  at: number | null;
  pendingAt: number | null;
  rule: number;
  subject: Subject | null;
};

export type RuleInput = {
  contact: ContactSnapshot;
  facts: DealFacts;
  stages: readonly (StageResult | undefined)[];
  now: number;
};

export type EvaluateRule = (input: RuleInput) => RuleOutcome;
