import type { Queryable } from './db.ts';

/** A portal's owner-task settings (portal_alerts); the defaults until an admin saves any. */
export type AlertSettings = {
  behindTask: boolean;
  stuckTask: boolean;
  maxTasksPerDay: number;
  /** When each toggle was last turned on: only health changes after it plan a task. */
  behindSince: Date | null;
  stuckSince: Date | null;
  /** The last refusal HubSpot gave a task create, shown on the settings page. */
  refusal: { at: Date; reason: string } | null;
};

export const DEFAULT_MAX_TASKS_PER_DAY = 200;

const DEFAULTS: AlertSettings = {
  behindTask: false,
  stuckTask: false,
  maxTasksPerDay: DEFAULT_MAX_TASKS_PER_DAY,
  behindSince: null,
  stuckSince: null,
  refusal: null,
};

type AlertRow = {
  behind_task: boolean;
  stuck_task: boolean;
  behind_since: Date | string | null;
  stuck_since: Date | string | null;
  max_per_day: number;
  refused_at: Date | string | null;
  refused_reason: string | null;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

export async function loadAlerts(db: Queryable, portalId: string): Promise<AlertSettings> {
  const row = (await db.query<AlertRow>('select * from portal_alerts where portal_id = $1', [portalId])).rows[0];
  if (!row) return DEFAULTS;
  return {
    behindTask: row.behind_task,
    stuckTask: row.stuck_task,
    maxTasksPerDay: Number(row.max_per_day),
    behindSince: date(row.behind_since),
    stuckSince: date(row.stuck_since),
    refusal: row.refused_at === null ? null : { at: new Date(row.refused_at), reason: row.refused_reason ?? '' },
  };
}

/**
 * Stores a change of the toggles and cap (the fields given; the others keep their value). A
 * toggle turned on now starts counting crossings from `now`; one left on keeps its start.
 */
export async function saveAlerts(
  db: Queryable,
  portalId: string,
  change: { behindTask?: boolean | undefined; stuckTask?: boolean | undefined; maxTasksPerDay?: number | undefined },
  now: Date,
): Promise<void> {
  await db.query(
    `insert into portal_alerts (portal_id, behind_task, stuck_task, behind_since, stuck_since, max_per_day)
     values ($1, coalesce($2, false), coalesce($3, false),
             case when $2 then $5::timestamptz end, case when $3 then $5::timestamptz end, coalesce($4, ${DEFAULT_MAX_TASKS_PER_DAY}))
     on conflict (portal_id) do update set
       behind_task = coalesce($2, portal_alerts.behind_task),
       stuck_task = coalesce($3, portal_alerts.stuck_task),
       behind_since = case when $2 and not portal_alerts.behind_task then $5::timestamptz
                           when $2 = false then null else portal_alerts.behind_since end,
       stuck_since = case when $3 and not portal_alerts.stuck_task then $5::timestamptz
                          when $3 = false then null else portal_alerts.stuck_since end,
       max_per_day = coalesce($4, portal_alerts.max_per_day)`,
    [portalId, change.behindTask ?? null, change.stuckTask ?? null, change.maxTasksPerDay ?? null, now.toISOString()],
  );
}

/** A task a health change calls for: one per stay and level. */
export type PlannedTask = {
  contactId: string;
  stayEnteredAt: Date;
  level: 'behind' | 'stuck';
  stage: string;
  p75Days: number | null;
  /** When the contact crossed into the level: the stay's entry plus the threshold. */
  crossedAt: Date;
};

/**
 * Stores the tasks health changes call for, in the caller's transaction (the one that stores
 * the health), at most one per stay and level (a retried job finds its row and adds nothing).
 * Within the portal's daily cap they are pending; past it, capped (counted, never sent). The
 * day's row count is read under a lock on the portal's alert row, so two workers planning at
 * once cannot both take the last places. Returns how many were newly planned, pending or capped.
 */
export async function planOwnerTasks(
  tx: Queryable,
  portalId: string,
  tasks: PlannedTask[],
  cap: number,
  now: Date,
): Promise<{ pending: number; capped: number }> {
  if (tasks.length === 0) return { pending: 0, capped: 0 };
  await tx.query('select 1 from portal_alerts where portal_id = $1 for update', [portalId]);
  const day = now.toISOString().slice(0, 10);
  const r = await tx.query<{ state: string }>(
    `with used as (
       select count(*)::int as n from owner_tasks where portal_id = $1 and day = $3::date and state <> 'capped'
     ),
     fresh as (
       select x.* from jsonb_to_recordset($2::jsonb)
           as x(contact_id text, stay_entered_at timestamptz, level text, stage text, p75_days float8, crossed_at timestamptz)
        where not exists (select 1 from owner_tasks o where o.portal_id = $1 and o.contact_id = x.contact_id
                            and o.stay_entered_at = x.stay_entered_at and o.level = x.level)
     )
     insert into owner_tasks (portal_id, contact_id, stay_entered_at, level, id, state, stage, p75_days, crossed_at, day)
     select $1, f.contact_id, f.stay_entered_at, f.level, md5($1 || ':' || f.contact_id || ':' || f.stay_entered_at::text || ':' || f.level),
            case when (select n from used) + row_number() over (order by f.contact_id, f.level) <= $4 then 'pending' else 'capped' end,
            f.stage, f.p75_days, f.crossed_at, $3::date
       from fresh f
     on conflict do nothing
     returning state`,
    [
      portalId,
      JSON.stringify(
        tasks.map((t) => ({
          contact_id: t.contactId,
          stay_entered_at: t.stayEnteredAt.toISOString(),
          level: t.level,
          stage: t.stage,
          p75_days: t.p75Days,
          crossed_at: t.crossedAt.toISOString(),
        })),
      ),
      day,
      cap,
    ],
  );
  const pending = r.rows.filter((row) => row.state === 'pending').length;
  return { pending, capped: r.rows.length - pending };
}

/** The active snoozes among `contactIds` at `now`: no task while a rep snoozed the flag. */
export async function snoozedContacts(db: Queryable, portalId: string, contactIds: string[], now: Date) {
  const r = await db.query<{ contact_id: string }>(
    'select contact_id from health_snoozes where portal_id = $1 and contact_id = any($2::text[]) and until_at > $3',
    [portalId, contactIds, now.toISOString()],
  );
  return new Set(r.rows.map((row) => row.contact_id));
}

/** A planned task taken for sending. */
export type TaskToSend = {
  id: string;
  contactId: string;
  stayEnteredAt: Date;
  level: 'behind' | 'stuck';
  stage: string;
  p75Days: number | null;
  crossedAt: Date;
  /** A send was under way before (a crash or a lost answer): it may exist in HubSpot already. */
  mayExist: boolean;
  /** The contact is gone here (deleted, merged away or erased): no task. */
  gone: boolean;
};

/**
 * Takes up to `limit` of the portal's tasks to send, oldest crossing first, and marks them
 * `sending` in one statement (committed before the HubSpot call, so a crash after HubSpot's
 * answer leaves them marked: the next try looks for them in HubSpot before creating).
 */
export async function takeTasksToSend(db: Queryable, portalId: string, limit: number): Promise<TaskToSend[]> {
  const r = await db.query<{
    id: string;
    contact_id: string;
    stay_entered_at: Date | string;
    level: 'behind' | 'stuck';
    stage: string;
    p75_days: number | null;
    crossed_at: Date | string;
    was: string;
    gone: boolean;
  }>(
    `with picked as (
       select o.portal_id, o.contact_id, o.stay_entered_at, o.level, o.state as was from owner_tasks o
        where o.portal_id = $1 and o.state in ('pending', 'sending')
        order by o.crossed_at, o.contact_id, o.level limit $2 for update skip locked
     )
     update owner_tasks o set state = 'sending', attempts = o.attempts + 1
       from picked p
      where o.portal_id = p.portal_id and o.contact_id = p.contact_id and o.stay_entered_at = p.stay_entered_at and o.level = p.level
     returning o.id, o.contact_id, o.stay_entered_at, o.level, o.stage, o.p75_days, o.crossed_at, p.was,
       exists (select 1 from contacts c where c.portal_id = $1 and c.contact_id = o.contact_id and c.deleted)
       or exists (select 1 from contact_aliases a where a.portal_id = $1 and a.old_id = o.contact_id)
       or exists (select 1 from erased_contacts e where e.portal_id = $1 and e.contact_id = o.contact_id) as gone`,
    [portalId, limit],
  );
  return r.rows
    .map((row) => ({
      id: row.id,
      contactId: row.contact_id,
      stayEnteredAt: new Date(row.stay_entered_at),
      level: row.level,
      stage: row.stage,
      p75Days: row.p75_days === null ? null : Number(row.p75_days),
      crossedAt: new Date(row.crossed_at),
      mayExist: row.was === 'sending',
      gone: row.gone,
    }))
    .sort((a, b) => a.crossedAt.getTime() - b.crossedAt.getTime() || a.id.localeCompare(b.id));
}

export type TaskOutcome =
  | { id: string; state: 'created'; taskId: string }
  | { id: string; state: 'refused' | 'skipped'; reason: string };

/** Records what became of tasks taken for sending: one statement. */
export async function recordTaskOutcomes(db: Queryable, portalId: string, outcomes: TaskOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.query(
    `update owner_tasks o set state = x.state, task_id = x.task_id, reason = x.reason
       from jsonb_to_recordset($2::jsonb) as x(id text, state text, task_id text, reason text)
      where o.portal_id = $1 and o.id = x.id`,
    [
      portalId,
      JSON.stringify(
        outcomes.map((o) => ({
          id: o.id,
          state: o.state,
          task_id: o.state === 'created' ? o.taskId : null,
          reason: o.state === 'created' ? null : o.reason,
        })),
      ),
    ],
  );
}

/** Remembers HubSpot's last refusal of a task create for the settings page. */
export async function noteTaskRefusal(db: Queryable, portalId: string, reason: string, now: Date): Promise<void> {
  await db.query(
    `insert into portal_alerts (portal_id, refused_at, refused_reason) values ($1, $2, $3)
     on conflict (portal_id) do update set refused_at = excluded.refused_at, refused_reason = excluded.refused_reason`,
    [portalId, now.toISOString(), reason.slice(0, 500)],
  );
}

/** The portal's tasks of one UTC day by state, for the settings page. */
export async function taskCountsOfDay(
  db: Queryable,
  portalId: string,
  day: string,
): Promise<Record<'planned' | 'created' | 'capped' | 'refused', number>> {
  const r = await db.query<{ state: string; n: number }>(
    'select state, count(*)::int as n from owner_tasks where portal_id = $1 and day = $2::date group by state',
    [portalId, day],
  );
  const n = (state: string) => r.rows.find((row) => row.state === state)?.n ?? 0;
  return {
    planned: n('pending') + n('sending'),
    created: n('created'),
    capped: n('capped'),
    refused: n('refused') + n('skipped'),
  };
}
