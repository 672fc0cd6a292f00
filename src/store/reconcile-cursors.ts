import type { Queryable } from './db.ts';

/**
 * The reconcile_cursors table: where each portal's reconciliation sweep is
 * (src/sync/reconcile-sweep.ts; docs/reconciliation.md).
 */
export type SweepPhase = 'contacts' | 'deals';

/** A sweep under way: the window it reads and where its next page starts. */
export type SweepPosition = {
  phase: SweepPhase;
  startedAt: Date;
  from: Date;
  until: Date;
  /** The last-modified date the next page starts at (inclusive). */
  position: Date;
  /** Records at exactly `position` already read. */
  skip: number;
};

export type ReconcileCursor = {
  /** Where the last finished sweep ended; null before the first. */
  sweptUntil: Date | null;
  /** The sweep under way, or null between sweeps. */
  sweep: SweepPosition | null;
};

type Raw = {
  swept_until: Date | string | null;
  phase: string | null;
  sweep_started_at: Date | string | null;
  sweep_from: Date | string | null;
  sweep_until: Date | string | null;
  position: Date | string | null;
  skip: number;
};

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function fromRaw(row: Raw): ReconcileCursor {
  const phase: SweepPhase | null = row.phase === 'contacts' || row.phase === 'deals' ? row.phase : null;
  const sweep =
    phase === null
      ? null
      : {
          phase,
          startedAt: date(row.sweep_started_at)!,
          from: date(row.sweep_from)!,
          until: date(row.sweep_until)!,
          position: date(row.position)!,
          skip: row.skip,
        };
  return { sweptUntil: date(row.swept_until), sweep };
}

/** The portal's cursor; undefined before its first sweep. */
export async function loadReconcileCursor(db: Queryable, portalId: string): Promise<ReconcileCursor | undefined> {
  const r = await db.query<Raw>(
    `select swept_until, phase, sweep_started_at, sweep_from, sweep_until, position, skip
       from reconcile_cursors where portal_id = $1`,
    [portalId],
  );
  return r.rows[0] && fromRaw(r.rows[0]);
}

/** Stores where the sweep under way is (a new sweep, the next page, the next phase). */
export async function saveSweepPosition(db: Queryable, portalId: string, at: SweepPosition, now: Date): Promise<void> {
  await db.query(
    `insert into reconcile_cursors (portal_id, phase, sweep_started_at, sweep_from, sweep_until, position, skip, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (portal_id) do update set phase = excluded.phase, sweep_started_at = excluded.sweep_started_at,
       sweep_from = excluded.sweep_from, sweep_until = excluded.sweep_until, position = excluded.position,
       skip = excluded.skip, updated_at = excluded.updated_at`,
    [
      portalId,
      at.phase,
      at.startedAt.toISOString(),
      at.from.toISOString(),
      at.until.toISOString(),
      at.position.toISOString(),
      at.skip,
      now.toISOString(),
    ],
  );
}

/** The sweep is done: the next one starts from `until`. */
export async function finishSweep(db: Queryable, portalId: string, until: Date, now: Date): Promise<void> {
  await db.query(
    `update reconcile_cursors set swept_until = $2, phase = null, sweep_started_at = null, sweep_from = null,
       sweep_until = null, position = null, skip = 0, updated_at = $3
     where portal_id = $1`,
    [portalId, until.toISOString(), now.toISOString()],
  );
}
