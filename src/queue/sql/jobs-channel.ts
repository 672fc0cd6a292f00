/**
 * The PostgreSQL channel a statement that adds due work notifies (LISTEN/NOTIFY), so a
 * worker in another process wakes at once instead of at its next poll. A NOTIFY issued
 * inside a transaction is delivered at its commit, never for work rolled back.
 */
export const JOBS_CHANNEL = 'journey_jobs';

/** The statement a listening connection runs to be told of new work. */
export const LISTEN_FOR_JOBS = `listen ${JOBS_CHANNEL}`;
