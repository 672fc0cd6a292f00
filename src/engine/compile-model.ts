import { compileCondition } from './compile-condition.ts';
import type { EvaluateRule, RuleOutcome } from './rule-outcome.ts';
import type { Condition, Stage, StageModel } from '@journey-stages/contract/stage-model';

export type CompiledRule = { condition: Condition; evaluate: EvaluateRule };
export type CompiledStage = { index: number; stage: Stage; rules: readonly CompiledRule[] };
export type CompiledModel = {
  model: StageModel;
  stages: readonly CompiledStage[];
  /** Stage indexes in an order where every stage comes after the stages its rules read. */
  order: readonly number[];
  indexOf: ReadonlyMap<string, number>;
  /** How many deal lists the rules share out (see compileCondition's listSlot). */
  listCount: number;
};

const compiled = new WeakMap<StageModel, CompiledModel>();

/**
 * The model turned into functions, once per model object (memoised weakly, so a
 * replaced model is compiled afresh and the old one can be collected).
 * Expects a model that passed parseStageModel.
 */
export function compileModel(model: StageModel): CompiledModel {
  let result = compiled.get(model);
  if (!result) {
    result = compile(model);
    compiled.set(model, result);
  }
  return result;
}

function compile(model: StageModel): CompiledModel {
  const indexOf = new Map(model.stages.map((stage, index) => [stage.id, index] as const));
  const slots = new Map<string, number>();
  const listSlot = (key: string) => {
    const known = slots.get(key);
    if (known !== undefined) return known;
    slots.set(key, slots.size);
    return slots.size - 1;
  };
  const stages = model.stages.map((stage, index) => ({
    index,
    stage,
    rules: stage.holdsWhen.map((condition, r) => ({
      condition,
      evaluate: withRequires(
        compileCondition(condition, indexOf, listSlot, `${index}.${r}`),
        (condition.requires ?? []).map((id) => indexOf.get(id) ?? -1),
      ),
    })),
  }));
  return { model, stages, order: dependencyOrder(model, indexOf), indexOf, listCount: slots.size };
}

/** A rule with `requires` holds only once those stages hold too, and dates from the latest of them. */
function withRequires(evaluate: EvaluateRule, requires: readonly number[]): EvaluateRule {
  if (requires.length === 0) return evaluate;
  return (input): RuleOutcome => {
    const outcome = evaluate(input);
    if (outcome === null) return null;
    let pending = !outcome.holds;
    let at = outcome.holds ? outcome.at : outcome.pendingAt;
    for (const index of requires) {
      const required = input.stages[index];
      if (required?.holds) {
        if (at !== null && required.at !== null && required.at > at) at = required.at;
      } else {
        if (required?.pendingAt == null) return null;
        pending = true;
        at = Math.max(at ?? -Infinity, required.pendingAt);
      }
    }
    if (pending) return { holds: false, pendingAt: at as number };
    return outcome.holds && at !== outcome.at ? { ...outcome, at } : outcome;
  };
}

function dependencyOrder(model: StageModel, indexOf: ReadonlyMap<string, number>): number[] {
  const order: number[] = [];
  const placed = new Set<number>();
  const place = (index: number, path: Set<number>): void => {
    if (placed.has(index)) return;
    if (path.has(index))
      throw new Error(`[engine] compileModel: stage model "${model.id}" has a cycle; validate it with parseStageModel`);
    path.add(index);
    for (const rule of model.stages[index]?.holdsWhen ?? []) {
      for (const id of [...(rule.kind === 'timeSince' ? [rule.stage] : []), ...(rule.requires ?? [])]) {
        const dependency = indexOf.get(id);
        if (dependency !== undefined) place(dependency, path);
      }
    }
    path.delete(index);
    placed.add(index);
    order.push(index);
  };
  for (let index = 0; index < model.stages.length; index++) place(index, new Set());
  return order;
}
