import type { Queryable } from './db.ts';

/**
 * The backfills table's statements: one row per portal with the backfill's progress
 * (src/sync/backfill.ts runs it a page at a time; docs/install.md).
 */
export type BackfillRow = {
  startedAt: Date;
  finishedAt: Date | null;
  /** Contacts in the portal when the backfill counted them; null before its first page. */
  total: number | null;
  done: number;
  /** HubSpot's paging cursor of the next page; null for the first. */
  cursor: string | null;
};

type Raw = {
  started_at: Date | string;
  finished_at: Date | string | null;
  total: number | null;
  done: number;
  cursor: string | null;
};

const fromRaw = (row: Raw): BackfillRow => ({
  startedAt: new Date(row.started_at),
  finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
  total: row.total,
  done: row.done,
  cursor: row.cursor,
});

/** Starts the portal's backfill from the beginning (a running one restarts). */
export async function resetBackfill(db: Queryable, portalId: string, now: Date): Promise<void> {
  await db.query(
    `insert into backfills (portal_id, started_at, done, cursor) values ($1, $2, 0, null)
     on conflict (portal_id) do update set started_at = excluded.started_at, finished_at = null, done = 0, cursor = null, total = null`,
    [portalId, now.toISOString()],
  );
}

/** The portal's backfill, running or finished; undefined when it never had one. */
export async function loadBackfill(db: Queryable, portalId: string): Promise<BackfillRow | undefined> {
  const r = await db.query<Raw>(
    'select started_at, finished_at, total, done, cursor from backfills where portal_id = $1',
    [portalId],
  );
  return r.rows[0] && fromRaw(r.rows[0]);
}

export async function saveBackfillTotal(db: Queryable, portalId: string, total: number): Promise<void> {
  await db.query('update backfills set total = $2 where portal_id = $1', [portalId, total]);
}

/**
 * Counts a page done and moves the cursor (finished when there is no next page), only if the
 * backfill is still the one started at `startedAt`: a restart meanwhile has its own pages.
 * Whether it moved.
 */
export async function advanceBackfill(
  db: Queryable,
  portalId: string,
  page: { startedAt: Date; contacts: number; after: string | null; now: Date },
): Promise<boolean> {
  const moved = await db.query(
    `update backfills set done = done + $2, cursor = $3, finished_at = case when $3::text is null then $4::timestamptz end
      where portal_id = $1 and started_at = $5::timestamptz`,
    [portalId, page.contacts, page.after, page.now.toISOString(), page.startedAt.toISOString()],
  );
  return moved.rowCount > 0;
}
