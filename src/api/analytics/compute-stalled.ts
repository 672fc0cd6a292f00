import { z } from 'zod';
import type { Queryable } from '../../store/db.ts';
import type { StalledContact } from '@journey-stages/contract/analytics-schema';

const COLUMNS = `contact_id, stage, stage_entered_at from contacts
 where portal_id = $1 and model_id = $2 and not deleted and health = $3`;
// Two statements, so each matches its partial index (migration 0014) and reads only `limit` rows.
const ALL_STAGES_SQL = `select ${COLUMNS} order by stage_entered_at, contact_id limit $4`;
const ONE_STAGE_SQL = `select ${COLUMNS} and stage = $5 order by stage_entered_at, contact_id limit $4`;

const Row = z.object({ contact_id: z.string(), stage: z.string(), stage_entered_at: z.coerce.date() });

export type StalledOptions = {
  portalId: string;
  modelId: string;
  health: 'stuck' | 'behind';
  stage?: string | undefined;
  limit: number;
  now: Date;
};

/**
 * The portal's contacts whose health (migration 0008, kept by stage health) is `health` now,
 * in their current stage, longest in it first; deleted contacts left out.
 *
 * @example
 * const contacts = await computeStalled(db, { portalId, modelId: 'classic-5', health: 'stuck', limit: 100, now });
 */
export async function computeStalled(db: Queryable, options: StalledOptions): Promise<StalledContact[]> {
  const { portalId, modelId, health, stage, limit, now } = options;
  const result =
    stage === undefined
      ? await db.query(ALL_STAGES_SQL, [portalId, modelId, health, limit])
      : await db.query(ONE_STAGE_SQL, [portalId, modelId, health, limit, stage]);
  return z
    .array(Row)
    .parse(result.rows)
    .map((row) => ({
      contactId: row.contact_id,
      stage: row.stage,
      daysInStage: Math.max(0, Math.round((now.getTime() - row.stage_entered_at.getTime()) / 8_640_000) / 10),
      enteredAt: row.stage_entered_at.toISOString(),
    }));
}
