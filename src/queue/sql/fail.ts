import type { Queryable } from '../../store/db.ts';
import { DONE_SINCE, type JobFailure } from '../job.ts';

export type FailResult = { retried: number; dead: number; merged: number };

/**
 * Records failures as data. A job goes back to pending at its retry time
 * (exponential backoff with jitter, computed here: 2^attempts s, capped at an hour,
 * times 0.5..1) or, after its last attempt, to 'dead' with its last error.
 * When a newer pending job for the same key exists, that one already covers the
 * work, so the failed one is dropped instead of breaking the one-pending-per-key rule (and
 * the pending one loses any DONE_SINCE: the failed work is owed in full);
 * the same when two claims of one key fail together (the newest stays).
 * A worker that lost its lease records nothing: the job is another claim's now.
 */
export async function fail(db: Queryable, failures: JobFailure[], workerId: string, now: Date): Promise<FailResult> {
  if (failures.length === 0) return { retried: 0, dead: 0, merged: 0 };
  try {
    return await failOnce(db, failures, workerId, now);
  } catch (err) {
    // A twin enqueued by a transaction that committed after this statement's snapshot: run it
    // again, and the twin (now seen) absorbs the failure instead of the batch being lost.
    if ((err as { constraint?: string }).constraint !== 'jobs_one_pending_per_key') throw err;
    return failOnce(db, failures, workerId, now);
  }
}

async function failOnce(db: Queryable, failures: JobFailure[], workerId: string, now: Date): Promise<FailResult> {
  const rows = failures.map((f) => ({
    portal_id: f.job.portalId,
    id: f.job.id,
    error: f.error.slice(0, 2000),
    retry_at: f.retryAt?.toISOString() ?? null,
    count_attempt: f.countAttempt ?? true,
    claimed_attempts: f.job.attempts,
  }));
  const r = await db.query<{ state: string }>(
    `with f as (
       select * from jsonb_to_recordset($1::jsonb)
         as x(portal_id text, id bigint, error text, retry_at timestamptz, count_attempt boolean, claimed_attempts int)
     ), target as (
       select j.portal_id, j.id, f.error, f.retry_at,
              j.attempts - (case when f.count_attempt then 0 else 1 end) as attempts,
              j.max_attempts,
              exists (select 1 from jobs s where s.portal_id = j.portal_id and s.task = j.task
                         and s.key = j.key and s.state = 'pending')
              -- two claims of one key failing in one batch: the newest goes back to pending
              or row_number() over (partition by j.portal_id, j.task, j.key order by j.id desc) > 1 as covered
         from jobs j join f on j.portal_id = f.portal_id and j.id = f.id
        -- only the claim that holds the job (see complete.ts)
        where j.locked_by = $2 and j.state = 'running' and j.attempts = f.claimed_attempts
     ), upd as (
       update jobs j
          set state = case when t.attempts >= t.max_attempts then 'dead' else 'pending' end,
              attempts = t.attempts,
              run_at = coalesce(t.retry_at,
                $3::timestamptz + least(3600, power(2, least(t.attempts, 12))) * (0.5 + random() * 0.5) * interval '1 second'),
              last_error = t.error, locked_by = null, locked_until = null
         from target t
        where j.portal_id = t.portal_id and j.id = t.id and (t.attempts >= t.max_attempts or not t.covered)
        returning j.state
     ), del as (
       delete from jobs j using target t
        where j.portal_id = t.portal_id and j.id = t.id and t.covered and t.attempts < t.max_attempts
        returning j.portal_id, j.task, j.key
     ), owed as (
       -- the twin now owes the failed job's work in full (job.ts, DONE_SINCE)
       update jobs s set payload = s.payload - '${DONE_SINCE}'
         from del d where s.portal_id = d.portal_id and s.task = d.task and s.key = d.key and s.state = 'pending'
     )
     select state from upd union all select 'merged' from del`,
    [JSON.stringify(rows), workerId, now.toISOString()],
  );
  const count = (s: string) => r.rows.filter((row) => row.state === s).length;
  return { retried: count('pending'), dead: count('dead'), merged: count('merged') };
}
