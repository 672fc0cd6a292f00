import { afterEach, describe, expect, it } from 'vitest';
import {
  BatchResponseSimplePublicObject,
  HubSpotErrorBody,
} from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { PORTAL, startFake, stopFakes } from './start-fake.ts';

afterEach(stopFakes);

describe('POST contacts batch/read', () => {
  it('answers 200 (2026-09 has no 207) with the found records and one OBJECT_NOT_FOUND error listing the unknown ids', async () => {
    const { call, fake } = await startFake();
    const known = fake.state.createContact(PORTAL, { email: 'known@example.com' });
    const res = await call('POST', hubspotPaths.contactsBatchRead(), {
      inputs: [{ id: known }, { id: '424242' }, { id: '434343' }],
      properties: ['email'],
      propertiesWithHistory: [],
    });
    expect(res.status).toBe(200);
    const body = BatchResponseSimplePublicObject.parse(await res.json());
    expect(body.results.map((r) => r.id)).toEqual([known]);
    expect(body.numErrors).toBe(1);
    expect(body.errors?.[0]).toMatchObject({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      context: { ids: ['424242', '434343'] },
    });
  });

  it('answers 200 without errors when every id exists', async () => {
    const { call, fake } = await startFake();
    const id = fake.state.createContact(PORTAL, {});
    const res = await call('POST', hubspotPaths.contactsBatchRead(), {
      inputs: [{ id }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(res.status).toBe(200);
    expect(BatchResponseSimplePublicObject.parse(await res.json()).errors).toBeUndefined();
  });

  it('refuses more than 100 inputs with 400 VALIDATION_ERROR', async () => {
    const { call } = await startFake();
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const res = await call('POST', hubspotPaths.contactsBatchRead(), {
      inputs,
      properties: [],
      propertiesWithHistory: [],
    });
    expect(res.status).toBe(400);
    expect(HubSpotErrorBody.parse(await res.json()).category).toBe('VALIDATION_ERROR');
  });

  it('does not answer archived contacts unless archived=true', async () => {
    const { call, fake } = await startFake();
    const id = fake.state.createContact(PORTAL, {});
    fake.state.deleteContact(PORTAL, id);
    const live = BatchResponseSimplePublicObject.parse(
      await (
        await call('POST', hubspotPaths.contactsBatchRead(), {
          inputs: [{ id }],
          properties: [],
          propertiesWithHistory: [],
        })
      ).json(),
    );
    expect({ results: live.results, missing: live.errors?.[0]?.context.ids }).toEqual({ results: [], missing: [id] });
    const archived = BatchResponseSimplePublicObject.parse(
      await (
        await call('POST', hubspotPaths.contactsBatchRead({ archived: true }), {
          inputs: [{ id }],
          properties: [],
          propertiesWithHistory: [],
        })
      ).json(),
    );
    expect(archived.results[0]).toMatchObject({ id, archived: true });
  });
});
