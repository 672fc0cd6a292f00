import type { Db } from '../../src/store/db.ts';

/**
 * `db` with every statement, inside its transactions too, shown to `intercept` first: a test
 * counts statements, or throws from `intercept` to make chosen ones fail as a lost connection
 * would (the statement is not sent; the caller sees a rejected promise).
 */
export function interceptQueries(db: Db, intercept: (sql: string) => void): Db {
  const guard = <Q extends Pick<Db, 'query'>>(q: Q): Q => ({
    ...q,
    query: (sql: string, params?: unknown[]) => {
      try {
        intercept(sql);
      } catch (err) {
        return Promise.reject(err);
      }
      return q.query(sql, params);
    },
  });
  return { ...guard(db), transaction: (fn) => db.transaction((tx) => fn(guard(tx))) };
}

/** An intercept that fails the first `times` statements `which` accepts, with `message`. */
export function failing(
  times: number,
  which: (sql: string) => boolean = () => true,
  message = 'connection lost (test)',
) {
  let left = times;
  return (sql: string): void => {
    if (left > 0 && which(sql)) {
      left -= 1;
      throw new Error(message);
    }
  };
}
