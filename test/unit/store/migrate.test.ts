import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { migrate, readMigrations } from '../../../src/store/migrate.ts';
import { openDb } from '../../../src/store/open-db.ts';

describe.each(dbKinds)('migrate (%s)', (kind) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it('migrate() twice applies nothing the second time', async () => {
    t = await createTestDb(kind);
    expect(await migrate(t.db)).toEqual([]);
    const r = await t.db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(r.rows[0]!.n).toBe(readMigrations().length);
  });

  it('every table is keyed by portal_id first', async () => {
    t = await createTestDb(kind);
    const r = await t.db.query<{ table_name: string; column_name: string }>(
      `select tc.table_name, kcu.column_name
         from information_schema.table_constraints tc
         join information_schema.key_column_usage kcu
           on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = 'public'
          and kcu.ordinal_position = 1 and tc.table_name <> 'schema_migrations'`,
    );
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) expect(row, row.table_name).toMatchObject({ column_name: 'portal_id' });
  });
});

describe('migrate (postgres, concurrent starters)', () => {
  it('five processes migrating one empty database at once all succeed and apply each migration once', async () => {
    const t = await createTestDb('postgres');
    try {
      await t.db.exec('drop schema public cascade; create schema public;');
      const starters = await Promise.all(
        Array.from({ length: 5 }, () => openDb({ kind: 'postgres', url: t.url!, poolSize: 2 })),
      );
      const applied = await Promise.all(starters.map((db) => migrate(db))).finally(() =>
        Promise.all(starters.map((db) => db.close())),
      );
      expect(applied.flat().sort()).toEqual(
        readMigrations()
          .map((m) => m.name)
          .sort(),
      );
    } finally {
      await t.drop();
    }
  });
});
