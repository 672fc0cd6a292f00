import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { portalModels, type StoredModelError } from '../../../src/sync/portal-models.ts';
import { presets } from '../../../src/engine/presets/index.ts';

const classic = presets['classic-5']!;

describe('portalModels (a stored model read back is parsed, never swapped for the default)', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('pglite');
  });
  afterEach(async () => {
    await t.drop();
  });

  it('answers the preset a portal chose, and the default for a portal without a choice', async () => {
    await t.db.query(`insert into portals (portal_id, model_id) values ('1', 'lifecycle-7'), ('2', null)`);
    const modelFor = portalModels(t.db, classic, 0);
    expect((await modelFor('1')).id).toBe('lifecycle-7');
    expect((await modelFor('2')).id).toBe('classic-5');
  });

  it('a model id that is not a preset key (constructor, __proto__) is never looked up on the prototype', async () => {
    await t.db.query(`insert into portals (portal_id, model_id) values ('1', 'constructor'), ('2', '__proto__')`);
    const modelFor = portalModels(t.db, classic, 0);
    expect((await modelFor('1')).id).toBe('classic-5');
    expect((await modelFor('2')).id).toBe('classic-5');
  });

  it('a stored custom model that no longer parses fails the read, is reported, and is not replaced by the default', async () => {
    const stale = {
      id: 'ours',
      label: 'Ours',
      stages: [
        { id: 'old-style-id', label: 'Known', holdsWhen: [{ kind: 'contactExists', dateProperty: 'createdate' }] },
      ],
    };
    await t.db.query(`insert into portals (portal_id, custom_model) values ('1', $1::jsonb)`, [JSON.stringify(stale)]);
    const reported: StoredModelError[] = [];
    const modelFor = portalModels(t.db, classic, 0, (err) => reported.push(err));
    await expect(modelFor('1')).rejects.toThrow(/stored custom stage model no longer parses .*pick a model again/);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.portalId).toBe('1');
    expect(reported[0]!.errors[0]).toMatch(/old-style-id|id/);
  });
});
