import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDb, pgliteDb } from '../../src/store/open-db.ts';
import { migrate, readMigrations } from '../../src/store/migrate.ts';

/*
 * One migrated database that every test database starts from, per kind (docs/testing.md,
 * "Test databases"): initdb takes most of a new PGlite's start (3.5 to 5.8 s on 2 busy cores,
 * about 1.3 s loading a copy), and the migrations most of a new PostgreSQL database's (0.27 s
 * against 0.05 to 0.13 s copying a template). Each is named by a hash of the migrations (and,
 * for PGlite, its version), so a new migration builds a new one.
 */

/**
 * PGlite's: its data directory as a tarball in the OS temp directory. Test processes that build
 * it at once each write their own file and rename it into place.
 */
export function migratedPgliteTemplate(): Promise<Blob> {
  pgliteTemplate ??= loadOrBuildPglite();
  return pgliteTemplate;
}

/**
 * PostgreSQL's: a database on the test server, built by one test process while the others wait
 * on an advisory lock, then copied by `create database … template`. Nobody connects to it after
 * it is built (a copy fails while someone is connected to its template).
 */
export function migratedPostgresTemplate(serverUrl: string): Promise<string> {
  postgresTemplate ??= findOrBuildPostgres(serverUrl);
  return postgresTemplate;
}

/** The URL of database `name` on the server of `serverUrl`. */
export const withDatabase = (serverUrl: string, name: string): string =>
  serverUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);

let pgliteTemplate: Promise<Blob> | undefined;
let postgresTemplate: Promise<string> | undefined;
// Any constant: it only has to be the same in every test process.
const TEMPLATE_LOCK = 7_411_2027;

async function loadOrBuildPglite(): Promise<Blob> {
  const pglitePackage = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(await readFile(pglitePackage, 'utf8')) as { version: string };
  const path = join(tmpdir(), `journey-stages-pglite-${migrationsKey(`pglite ${version}`)}.tar`);
  try {
    return new Blob([await readFile(path)]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const pglite = new PGlite();
  await pglite.waitReady;
  try {
    await migrate(pgliteDb(pglite));
    const tarball = await pglite.dumpDataDir('none');
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
    await rename(partial, path);
    return tarball;
  } finally {
    await pglite.close();
  }
}

async function findOrBuildPostgres(serverUrl: string): Promise<string> {
  const name = `journey_template_${migrationsKey('postgres')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      // Built under another name and renamed when complete: a process killed while migrating
      // leaves an unused database, never a half-migrated template.
      const building = `${name}_${randomBytes(4).toString('hex')}`;
      await admin.query(`create database ${building}`);
      const db = await openDb({ kind: 'postgres', url: withDatabase(serverUrl, building), poolSize: 1 });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
    }
    return name;
  } finally {
    await admin.end(); // ends the session, and with it the advisory lock
  }
}

function migrationsKey(kind: string): string {
  const hash = createHash('sha256').update(`${kind}\n`);
  for (const m of readMigrations()) hash.update(`${m.name}\n${m.sql}\n`);
  return hash.digest('hex').slice(0, 16);
}
