import { formatDay } from './format-day.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { StageModel } from '@journey-stages/contract/stage-model';

export type MergeNote = { at: Date; contactIds: readonly string[] };

/**
 * The stage history of a record HubSpot made by merging contacts: one
 * journey, not the histories laid end to end. Under `model`, one `advance` entry per stage
 * any of them reached, dated by the earliest of them, in model order (so the last entry is
 * the furthest stage, as advanceTimeline expects), with `skipped` recomputed; the
 * regressions of the old records go, since the survivor is derived again right after and
 * a regression of its own is appended then if it stands lower. The merge is noted once, on
 * the furthest stage's reason. Entries of other models are kept as they were, once each.
 */
export function mergeTimelines(
  histories: ReadonlyArray<readonly TimelineEntry[]>,
  model: StageModel,
  note: MergeNote,
): TimelineEntry[] {
  const order = new Map(model.stages.map((stage, index) => [stage.id, index] as const));
  const others = new Map<string, TimelineEntry>();
  const earliest = new Map<number, TimelineEntry>();
  for (const entry of histories.flat()) {
    const index = order.get(entry.stage);
    if ((entry.model ?? model.id) !== model.id || index === undefined) {
      others.set(`${entry.model}|${entry.stage}|${entry.direction}|${entry.enteredAt}`, entry);
      continue;
    }
    const known = earliest.get(index);
    if (known === undefined || rank(entry) < rank(known)) earliest.set(index, entry);
  }
  const reached = [...earliest.keys()].sort((a, b) => a - b);
  let previous = -1;
  const merged = reached.map((index) => {
    const entry = earliest.get(index) as TimelineEntry;
    const skipped = model.stages.slice(previous + 1, index).map((stage) => stage.id);
    previous = index;
    return { ...entry, direction: 'advance' as const, model: model.id, skipped };
  });
  const last = merged[merged.length - 1];
  if (last) {
    const text = `merged from contacts ${note.contactIds.join(', ')} on ${formatDay(note.at.getTime())}`;
    if (!last.reason.includes(text)) last.reason = last.reason === '' ? text : `${last.reason} (${text})`;
  }
  const older = [...others.values()].sort((a, b) => Date.parse(a.enteredAt) - Date.parse(b.enteredAt));
  return [...older, ...merged];
}

/** An advance before a regression into the same stage; then the earlier one. */
function rank(entry: TimelineEntry): number {
  return (entry.direction === 'advance' ? 0 : 1e15) + Date.parse(entry.enteredAt);
}
