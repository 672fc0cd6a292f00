import { type FunnelReader, readFunnelRows } from '../../store/funnel-rows.ts';
import type { Funnel, FunnelStage } from '@journey-stages/contract/funnel-schema';

/** What the funnel reads of a stage model (a StageModel fits). */
export type FunnelModel = {
  id: string;
  label?: string | undefined;
  stages: ReadonlyArray<{ id: string; label: string }>;
};

export type ComputeFunnelOptions = {
  portalId: string;
  model: FunnelModel;
  from: Date;
  to: Date;
  /** Stays still going are censored at this instant. */
  now: Date;
};

/**
 * The funnel of one portal over the half-open period [from, to), per stage in model order
 * (docs/api.md), computed from the stored timelines in one query.
 *
 * @example
 * const funnel = await computeFunnel(db, { portalId: '62515', model, from, to, now });
 */
export async function computeFunnel(db: FunnelReader, options: ComputeFunnelOptions): Promise<Funnel> {
  const { portalId, model, from, to } = options;
  return {
    portalId,
    model: {
      id: model.id,
      ...(model.label === undefined ? {} : { label: model.label }),
      stages: model.stages.map(({ id, label }) => ({ id, label })),
    },
    from: from.toISOString(),
    to: to.toISOString(),
    stages: (await computeFunnelBySegment(db, options, null)).get('') ?? [],
  };
}

/**
 * The stage rows of the funnel per value of contact property `property` (each stay in the
 * value in force when it began), or of all contacts under '' when `property` is null. Values
 * in the order of the SQL (sorted); only values some contact is counted in.
 */
export async function computeFunnelBySegment(
  db: FunnelReader,
  options: ComputeFunnelOptions,
  property: string | null,
): Promise<Map<string, FunnelStage[]>> {
  const { portalId, model, from, to, now } = options;
  const rows = await readFunnelRows(
    db,
    { portalId, modelId: model.id, stageIds: model.stages.map((s) => s.id), from, to, now },
    property,
  );
  const last = model.stages.length - 1;
  const bySegment = new Map<string, FunnelStage[]>();
  for (const row of rows) {
    const stages = bySegment.get(row.segment) ?? [];
    stages.push({
      stage: row.stage,
      current: row.current,
      entered: row.entered,
      // null, not 0, when nobody entered: no share can be measured (and the last stage has no next).
      conversionToNext: stages.length === last || row.entered === 0 ? null : round(row.converted / row.entered, 4),
      medianDaysInStage: days(row.median_days),
      p50DaysInStage: days(row.p50_days),
      p75DaysInStage: days(row.p75_days),
      p90DaysInStage: days(row.p90_days),
      stuck: row.stuck,
      movers: {
        count: row.movers,
        p50Days: days(row.movers_p50),
        p75Days: days(row.movers_p75),
        p90Days: days(row.movers_p90),
      },
    });
    bySegment.set(row.segment, stages);
  }
  return bySegment;
}

const days = (value: number | null) => (value === null ? null : round(value, 1));

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
