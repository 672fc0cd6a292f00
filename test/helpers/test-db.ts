import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb } from '../../src/store/open-db.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { Db } from '../../src/store/db.ts';
import { trackOpen } from './open-resources.ts';
import { migratedPgliteTemplate, migratedPostgresTemplate, withDatabase } from './migrated-templates.ts';

/**
 * The PostgreSQL server the tests use. CI (.ci/run) starts it when it is down.
 * A missing server fails the tests that need it, with this message: never a silent skip.
 */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = ['pglite', 'postgres'];

export type TestDb = { db: Db; url: string | undefined; drop(): Promise<void> };

/** A fresh, migrated database: PGlite in memory, or a new database on the test server. */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openDb({ kind: 'pglite', dataDir: 'memory', startFrom: await migratedPgliteTemplate() });
    const closed = trackOpen('database', 'PGlite (createTestDb)');
    await migrate(db); // applies nothing unless the copy is behind the migrations
    return { db, url: undefined, drop: () => db.close().finally(closed) };
  }
  const name = `journey_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `[test-db] PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(err as Error).message}). ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, or set TEST_DATABASE_URL.',
    );
  }
  try {
    await admin.query(`create database ${name} template ${await migratedPostgresTemplate(TEST_POSTGRES_URL)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(TEST_POSTGRES_URL, name);
  const db = await openDb({ kind: 'postgres', url });
  const closed = trackOpen('database', `PostgreSQL ${name} (createTestDb)`);
  await migrate(db); // applies nothing unless the template is behind the migrations
  return {
    db,
    url,
    async drop() {
      await db.close();
      closed();
      const a = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
