import { afterEach, describe, expect, it } from 'vitest';
import { HubSpotErrorBody } from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { PORTAL, startFake, stopFakes, type RunningFake } from './start-fake.ts';

afterEach(stopFakes);

const journeyStage = {
  name: 'journey_stage',
  label: 'Journey stage (Journey Stages app)',
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'journey_stages',
  options: [
    { label: 'Awareness', value: 'awareness' },
    { label: 'Purchase', value: 'purchase' },
  ],
};

async function withGroup(): Promise<RunningFake> {
  const running = await startFake();
  expect(
    (
      await running.call('POST', hubspotPaths.contactPropertyGroups(), {
        name: 'journey_stages',
        label: 'Journey Stages',
      })
    ).status,
  ).toBe(201);
  return running;
}

describe('POST contact properties and groups', () => {
  it('answers 409 OBJECT_ALREADY_EXISTS when the property name exists', async () => {
    const { call } = await withGroup();
    expect((await call('POST', hubspotPaths.contactProperties(), journeyStage)).status).toBe(201);
    const again = await call('POST', hubspotPaths.contactProperties(), journeyStage);
    expect(again.status).toBe(409);
    expect(HubSpotErrorBody.parse(await again.json()).category).toBe('OBJECT_ALREADY_EXISTS');
  });

  it('answers 409 for a HubSpot-defined name such as lifecyclestage', async () => {
    const { call } = await withGroup();
    const res = await call('POST', hubspotPaths.contactProperties(), { ...journeyStage, name: 'lifecyclestage' });
    expect(res.status).toBe(409);
  });

  it('answers 409 when the group exists and 404 for an unknown group', async () => {
    const { call } = await withGroup();
    expect(
      (await call('POST', hubspotPaths.contactPropertyGroups(), { name: 'journey_stages', label: 'Again' })).status,
    ).toBe(409);
    expect((await call('GET', hubspotPaths.contactPropertyGroup('nope'))).status).toBe(404);
  });

  it('refuses a property in a group that does not exist with 400', async () => {
    const { call } = await startFake();
    const res = await call('POST', hubspotPaths.contactProperties(), journeyStage);
    expect(res.status).toBe(400);
  });
});

describe('POST contacts batch/update value checks', () => {
  it('refuses the whole batch with 400 when one value is not an option of the property', async () => {
    const { call, fake } = await withGroup();
    await call('POST', hubspotPaths.contactProperties(), journeyStage);
    const a = fake.state.createContact(PORTAL, {});
    const b = fake.state.createContact(PORTAL, {});
    const res = await call('POST', hubspotPaths.contactsBatchUpdate(), {
      inputs: [
        { id: a, properties: { journey_stage: 'purchase' } },
        { id: b, properties: { journey_stage: 'advocacy' } },
      ],
    });
    expect(res.status).toBe(400);
    expect(HubSpotErrorBody.parse(await res.json()).message).toContain('INVALID_OPTION');
    expect(fake.state.getContact(PORTAL, a)?.properties.journey_stage).toBeUndefined();
  });

  it('refuses a property the portal does not have, naming PROPERTY_DOESNT_EXIST', async () => {
    const { call, fake } = await startFake();
    const id = fake.state.createContact(PORTAL, {});
    const res = await call('POST', hubspotPaths.contactsBatchUpdate(), {
      inputs: [{ id, properties: { journey_stage: 'purchase' } }],
    });
    expect(res.status).toBe(400);
    expect(HubSpotErrorBody.parse(await res.json()).message).toContain('PROPERTY_DOESNT_EXIST');
  });

  it('stores datetimes sent as epoch milliseconds as ISO 8601', async () => {
    const { call, fake } = await withGroup();
    await call('POST', hubspotPaths.contactProperties(), {
      name: 'journey_stage_entered_at',
      label: 'Entered',
      type: 'datetime',
      fieldType: 'date',
      groupName: 'journey_stages',
    });
    const id = fake.state.createContact(PORTAL, {});
    const ms = String(Date.parse('2026-03-01T08:30:00.000Z'));
    expect(
      (
        await call('POST', hubspotPaths.contactsBatchUpdate(), {
          inputs: [{ id, properties: { journey_stage_entered_at: ms } }],
        })
      ).status,
    ).toBe(200);
    expect(fake.state.getContact(PORTAL, id)?.properties.journey_stage_entered_at).toBe('2026-03-01T08:30:00.000Z');
  });
});
