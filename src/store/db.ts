/**
 * The one query interface the service uses, whichever database is behind it.
 * SQL is PostgreSQL's dialect for both PGlite and a PostgreSQL server.
 */
export type QueryResult<T> = { rows: T[]; rowCount: number };

export type Queryable = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
};

export type Db = Queryable & {
  kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** One round trip: the database answers (readiness probes, the doctor). */
export async function pingDatabase(db: Pick<Queryable, 'query'>): Promise<void> {
  await db.query('select 1');
}
