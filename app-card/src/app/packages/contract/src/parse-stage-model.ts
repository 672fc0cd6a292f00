import type { z } from 'zod';
import { StageModel } from './stage-model.ts';

export type ParseStageModelResult = { success: true; data: StageModel } | { success: false; errors: string[] };

/**
 * Validates a stage model from JSON (a file named by STAGE_MODEL, or one stored for a
 * portal). Every error names the stage and the field, e.g.
 * `stages[2] "purchase".holdsWhen[0].property: required`.
 */
export function parseStageModel(json: unknown): ParseStageModelResult {
  const parsed = StageModel.safeParse(json, {
    error: (issue) => (issue.input === undefined ? 'required' : undefined),
  });
  if (!parsed.success) {
    return { success: false, errors: parsed.error.issues.map((issue) => formatIssue(json, issue)) };
  }
  const errors = checkReferences(parsed.data);
  return errors.length > 0 ? { success: false, errors } : { success: true, data: parsed.data };
}

function formatIssue(json: unknown, issue: z.core.$ZodIssue): string {
  return `${formatPath(json, issue.path)}: ${issue.message}`;
}

function formatPath(json: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(model)';
  let text = '';
  for (const [i, key] of path.entries()) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += `${text === '' ? '' : '.'}${String(key)}`;
    if (i === 1 && path[0] === 'stages' && typeof key === 'number') text += stageName(json, key);
  }
  return text;
}

function stageName(json: unknown, index: number): string {
  const stages = (json as { stages?: unknown } | null)?.stages;
  const id = Array.isArray(stages) ? (stages[index] as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' ? ` "${id}"` : '';
}

const at = (model: StageModel, s: number) => `stages[${s}] "${model.stages[s]?.id}"`;

function checkReferences(model: StageModel): string[] {
  const errors: string[] = [];
  const firstIndex = new Map<string, number>();
  model.stages.forEach((stage, s) => {
    const earlier = firstIndex.get(stage.id);
    if (earlier === undefined) firstIndex.set(stage.id, s);
    else errors.push(`${at(model, s)}.id: duplicate of stages[${earlier}]`);
  });
  model.stages.forEach((stage, s) => {
    stage.holdsWhen.forEach((rule, r) => {
      if (rule.kind === 'surveyAnswer' && rule.min === undefined && rule.max === undefined)
        errors.push(`${at(model, s)}.holdsWhen[${r}]: give "min", "max" or both`);
      const refs = [
        ...(rule.kind === 'timeSince' ? [['stage', rule.stage]] : []),
        ...(rule.requires ?? []).map((id, i) => [`requires[${i}]`, id]),
      ];
      for (const [field, id] of refs) {
        if (id !== undefined && !firstIndex.has(id))
          errors.push(`${at(model, s)}.holdsWhen[${r}].${field}: no stage "${id}" in this model`);
      }
    });
  });
  const first = model.stages[0];
  if (first && !first.holdsWhen.some((rule) => rule.kind === 'contactExists' && !rule.requires?.length)) {
    errors.push(
      `${at(model, 0)}.holdsWhen: the first stage must hold for every contact; add the rule {"kind": "contactExists"}`,
    );
  }
  if (errors.length === 0) errors.push(...findCycles(model));
  return errors;
}

/** Rules that read another stage (timeSince, requires) must not lead back to their own stage. */
function findCycles(model: StageModel): string[] {
  const ids = model.stages.map((stage) => stage.id);
  const edges = model.stages.map((stage) => dependencies(stage));
  const state = new Map<string, 'visiting' | 'done'>();
  const errors: string[] = [];
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id].join(' → ');
      errors.push(
        `${at(model, ids.indexOf(id))}.holdsWhen: the stage depends on itself (timeSince/requires): ${cycle}`,
      );
      return;
    }
    state.set(id, 'visiting');
    for (const next of edges[ids.indexOf(id)] ?? []) visit(next, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of ids) if (errors.length === 0) visit(id, []);
  return errors;
}

function dependencies(stage: StageModel['stages'][number]): string[] {
  return stage.holdsWhen.flatMap((rule) => [
    ...(rule.kind === 'timeSince' ? [rule.stage] : []),
    ...(rule.requires ?? []),
  ]);
}
