import { compileModel, type CompiledModel } from './compile-model.ts';
import { DealFacts } from './deal-facts.ts';
import type { Evidence } from './evidence.ts';
import { explainHit, type ExplainContext, type Explanation } from './explain-hit.ts';
import type { EvidenceRef } from '@journey-stages/contract/journey';
import type { RuleInput, RuleOutcome, StageResult } from './rule-outcome.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';

export type HoldingStage = {
  stage: string;
  /** null: HubSpot gave no timestamp; the timeline uses the time the change was observed. */
  enteredAt: Date | null;
  reason: string;
  evidence: EvidenceRef[];
};

export type Derivation = {
  modelId: string;
  current: { stage: string; enteredAt: Date | null };
  /** Every stage that holds, in model order. */
  holding: HoldingStage[];
  /** The next moment a time-based rule would move the contact to a higher stage, if nothing else changes. */
  nextChangeAt: Date | null;
};

export type DeriveOptions = {
  /**
   * When stages were recorded in the timeline (see recordedEnteredAt in timeline.ts): used
   * for a stage whose HubSpot evidence has no timestamp, so that "purchase + 30 days"
   * counts from when the purchase was observed, and the answer is stable across re-derivations.
   */
  recordedEnteredAt?: ReadonlyMap<string, Date>;
};

/**
 * Where the contact stands: the highest stage that holds, entered at the earliest of its
 * holding reasons (docs/stage-models.md). Pure: the same evidence and `now` give the same answer,
 * whatever the order or repetition of the deals.
 *
 * @example deriveStages(presets['classic-5'], { contact, deals, pipelines }, new Date())
 */
export function deriveStages(
  model: StageModel,
  evidence: Evidence,
  now: Date,
  options: DeriveOptions = {},
): Derivation {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new TypeError('[engine] deriveStages: `now` is an invalid Date');
  const compiled = compileModel(model);
  const facts = new DealFacts(evidence.deals, evidence.pipelines, compiled.listCount);
  const results: StageResult[] = new Array(compiled.stages.length);
  const input = { contact: evidence.contact, facts, stages: results, now: nowMs };
  for (const index of compiled.order) {
    const result = evaluateStage(compiled, index, input);
    if (result.holds && result.at === null) {
      result.at = options.recordedEnteredAt?.get(compiled.stages[index]?.stage.id ?? '')?.getTime() ?? null;
    }
    results[index] = result;
  }

  let current = -1;
  for (let i = results.length - 1; i >= 0 && current < 0; i--) if (results[i]?.holds) current = i;
  if (current < 0)
    throw new Error(
      `[engine] deriveStages: no stage of "${model.id}" holds; its first stage needs a contactExists rule (parseStageModel checks this)`,
    );

  const explain = explainer(compiled, results, evidence.contact.id);
  const holding: HoldingStage[] = [];
  let nextChange = Infinity;
  for (let index = 0; index < results.length; index++) {
    const result = results[index] as StageResult;
    if (result.holds) {
      const { reason, evidence: refs } = explain(index);
      holding.push({
        stage: compiled.stages[index]?.stage.id ?? '',
        enteredAt: toDate(result.at),
        reason,
        evidence: refs,
      });
    } else if (
      index > current &&
      result.pendingAt !== null &&
      result.pendingAt > nowMs &&
      result.pendingAt < nextChange
    ) {
      nextChange = result.pendingAt;
    }
  }
  const top = holding[holding.length - 1] as HoldingStage;
  return {
    modelId: model.id,
    current: { stage: top.stage, enteredAt: top.enteredAt },
    holding,
    nextChangeAt: nextChange === Infinity ? null : new Date(nextChange),
  };
}

function evaluateStage(compiled: CompiledModel, index: number, input: RuleInput): StageResult {
  const result: StageResult = { holds: false, at: null, pendingAt: null, rule: -1, subject: null };
  const rules = compiled.stages[index]?.rules ?? [];
  for (let r = 0; r < rules.length; r++) {
    const outcome: RuleOutcome = (rules[r] as (typeof rules)[number]).evaluate(input);
    if (outcome === null) continue;
    if (!outcome.holds) {
      if (result.pendingAt === null || outcome.pendingAt < result.pendingAt) result.pendingAt = outcome.pendingAt;
    } else if (!result.holds || (outcome.at !== null && (result.at === null || outcome.at < result.at))) {
      result.holds = true;
      result.at = outcome.at;
      result.rule = r;
      result.subject = outcome.subject;
    }
  }
  if (result.holds) result.pendingAt = null;
  return result;
}

function explainer(
  compiled: CompiledModel,
  results: readonly StageResult[],
  contactId: string,
): (index: number) => Explanation {
  const memo: Array<Explanation | undefined> = [];
  const context: ExplainContext = {
    contactId,
    stageLabel: (index) => compiled.stages[index]?.stage.label ?? '',
    explainStage: (index) => explain(index),
  };
  const explain = (index: number): Explanation => {
    const known = memo[index];
    if (known) return known;
    const result = results[index];
    const condition = compiled.stages[index]?.rules[result?.rule ?? -1]?.condition;
    const explanation =
      result?.subject && condition ? explainHit(condition, result.subject, context) : { reason: '', evidence: [] };
    memo[index] = explanation;
    return explanation;
  };
  return explain;
}

const toDate = (millis: number | null) => (millis === null ? null : new Date(millis));
