import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './db.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);
// Any constant works; it only has to be the same for every process of this service.
const MIGRATION_LOCK = 7_411_2026;

export type Migration = { version: number; name: string; sql: string };

export function readMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 4)),
      name,
      sql: readFileSync(new URL(name, migrationsDir), 'utf8'),
    }));
}

/**
 * Applies the numbered migrations not yet applied, each in its own transaction.
 * An advisory lock makes concurrent starters (many service instances) wait for
 * each other instead of applying the same migration twice.
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<string[]> {
  // `create table if not exists` races between concurrent starters: take the lock first.
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (seen.rows.length > 0) return false;
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      await tx.exec(m.sql);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}

/** The versions applied so far; empty when the database was never migrated. */
export async function appliedMigrationVersions(db: Pick<Db, 'query'>): Promise<Set<number>> {
  const table = await db.query<{ found: boolean }>(`select to_regclass('schema_migrations') is not null as found`);
  if (!table.rows[0]?.found) return new Set();
  const rows = await db.query<{ version: number }>('select version from schema_migrations');
  return new Set(rows.rows.map((r) => Number(r.version)));
}
