import type { Queryable } from '../../src/store/db.ts';

/**
 * A hand-written timeline. `path` lists "stage@time" in the order appended (time: a day,
 * or a day and hh:mm, UTC); a leading "-" marks a regression. The contact's current stage
 * is its last entry.
 */
export type Path = {
  contact: string;
  path: string;
  portal?: string;
  model?: string;
  deleted?: boolean;
  health?: 'on_track' | 'behind' | 'stuck';
  /** Contact properties as the last derivation read them (contacts.evidence). */
  properties?: Record<string, string>;
};

const instant = (at: string) => (at.length === 10 ? `${at}T00:00:00Z` : `${at}:00Z`);

/** Stores the paths as a batch of appends (one statement, so the triggers run once) and their contact rows. */
export async function storeTimelines(
  db: Queryable,
  defaults: { portal: string; model: string },
  paths: Path[],
): Promise<void> {
  const entries = paths.flatMap((p) =>
    p.path.split(' ').map((step, seq) => {
      const [stage, at] = step.replace(/^-/, '').split('@') as [string, string];
      return {
        portal_id: p.portal ?? defaults.portal,
        contact_id: p.contact,
        seq,
        stage,
        entered_at: instant(at),
        direction: step.startsWith('-') ? 'regression' : 'advance',
        model_id: p.model ?? defaults.model,
      };
    }),
  );
  const rows = paths.map((p) => {
    const last = p.path.split(' ').at(-1)!.replace(/^-/, '').split('@') as [string, string];
    return {
      portal_id: p.portal ?? defaults.portal,
      contact_id: p.contact,
      model_id: p.model ?? defaults.model,
      stage: last[0],
      stage_entered_at: instant(last[1]),
      deleted: p.deleted ?? false,
      health: p.health ?? null,
      evidence: { contact: { id: p.contact, properties: p.properties ?? {} }, deals: [] },
    };
  });
  await db.query(
    `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
     select x.portal_id, x.contact_id, x.seq, x.stage, x.entered_at, x.direction, x.model_id, '{}'::jsonb
       from jsonb_to_recordset($1::jsonb) as x(portal_id text, contact_id text, seq int, stage text, entered_at timestamptz, direction text, model_id text)`,
    [JSON.stringify(entries)],
  );
  await db.query(
    `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, deleted, health, evidence, updated_at)
     select x.portal_id, x.contact_id, x.model_id, x.stage, x.stage_entered_at, x.deleted, x.health, x.evidence, x.stage_entered_at
       from jsonb_to_recordset($1::jsonb) as x(portal_id text, contact_id text, model_id text, stage text, stage_entered_at timestamptz,
                                               deleted boolean, health text, evidence jsonb)`,
    [JSON.stringify(rows)],
  );
}
