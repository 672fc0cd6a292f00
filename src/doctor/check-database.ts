import { existsSync } from 'node:fs';
import { coerceError } from '../coerce-error.ts';
import type { Config } from '../config.ts';
import { pingDatabase, type Db } from '../store/db.ts';
import { appliedMigrationVersions, readMigrations } from '../store/migrate.ts';
import { openDb } from '../store/open-db.ts';
import { fail, ok, skip, type CheckResult } from './check-result.ts';

/**
 * The database answers and every migration of this version is applied. Read-only: the
 * service migrates at start, the doctor only looks.
 */
export async function checkDatabase(config: Config): Promise<{ result: CheckResult; db: Db | undefined }> {
  const where =
    config.database.kind === 'postgres'
      ? 'the PostgreSQL server in DATABASE_URL'
      : `the embedded database in DATA_DIR (${config.database.dataDir})`;
  if (config.database.kind === 'pglite' && config.database.dataDir === 'memory')
    return {
      db: undefined,
      result: skip(
        'database',
        'DATA_DIR=memory: the database lives inside the running service only (set DATABASE_URL or a DATA_DIR folder to keep data)',
      ),
    };
  // Opening PGlite on a missing folder would create an empty database: say so instead.
  if (config.database.kind === 'pglite' && !existsSync(config.database.dataDir))
    return {
      db: undefined,
      result: fail(
        'database',
        `${where} does not exist yet: start the service once (npm start creates and migrates it), or point DATA_DIR (or DATABASE_URL) at the service's database`,
      ),
    };
  let db: Db;
  try {
    db = await openDb(
      config.database.kind === 'postgres'
        ? { kind: 'postgres', url: config.database.url, poolSize: 2 }
        : config.database,
    );
    await pingDatabase(db);
  } catch (err) {
    return {
      db: undefined,
      result: fail(
        'database',
        `${where} does not answer (${coerceError(err).message}): is the server running and DATABASE_URL right (host, port, user, database name)?`,
      ),
    };
  }
  const known = readMigrations();
  const applied = await appliedMigrationVersions(db);
  const missing = known.filter((m) => !applied.has(m.version));
  if (missing.length > 0) {
    const names = missing.map((m) => m.name).join(', ');
    return {
      db,
      result: fail(
        'database',
        `${where} answers but is not migrated (missing ${names}): start the service once (npm start migrates), then run the doctor again`,
      ),
    };
  }
  return { db, result: ok('database', `${where} answers; all ${known.length} migrations applied`) };
}
