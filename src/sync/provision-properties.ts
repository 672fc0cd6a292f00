import type { ModelFor } from './portal-models.ts';
import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { HubSpotApi, PropertyDefinition } from './hubspot-api.ts';
import { ENTERED_AT_PROPERTY, HIGHEST_PROPERTY, STAGE_PROPERTY } from './write-stages.ts';
import { HEALTH_PROPERTY } from './write-health.ts';
import { provisionedHash, saveProvisionedHash } from '../store/portal-store.ts';

export const PROPERTY_GROUP = { name: 'journey_stages', label: 'Journey Stages', displayOrder: -1 };

/**
 * Our contact properties (docs/hubspot-properties.md). HubSpot has its own standard "Journey Stage"
 * (hs_journey_stage), so our labels start with the app's name to keep the two apart in filters.
 */
export function propertyDefinitions(model: StageModel): PropertyDefinition[] {
  const options = model.stages.map((s, i) => ({ label: s.label, value: s.id, displayOrder: i, hidden: false }));
  return [
    {
      name: STAGE_PROPERTY,
      label: 'Journey Stages: stage',
      description: `Where the contact stands in the customer journey (${model.label ?? model.id}), derived by the Journey Stages app. Not HubSpot's own "Journey Stage".`,
      groupName: PROPERTY_GROUP.name,
      type: 'enumeration',
      fieldType: 'select',
      options,
      formField: false,
    },
    {
      name: ENTERED_AT_PROPERTY,
      label: 'Journey Stages: entered stage at',
      description: 'When the contact entered its current journey stage, derived by the Journey Stages app.',
      groupName: PROPERTY_GROUP.name,
      type: 'datetime',
      fieldType: 'date',
      formField: false,
    },
    {
      name: HIGHEST_PROPERTY,
      label: 'Journey Stages: highest stage',
      description:
        'The furthest journey stage the contact has ever reached; it never moves back. Derived by the Journey Stages app.',
      groupName: PROPERTY_GROUP.name,
      type: 'enumeration',
      fieldType: 'select',
      options,
      formField: false,
    },
    healthDefinition,
  ];
}

/** docs/health.md: time in the current stage against the portal's own dwell times for it. */
const healthDefinition: PropertyDefinition = {
  name: HEALTH_PROPERTY,
  label: 'Journey Stages: health',
  description:
    "On track, Behind or Stuck: time in the current journey stage against how long this portal's contacts usually stay in it (Journey Stages app). Empty without enough history or in the last stage.",
  groupName: PROPERTY_GROUP.name,
  type: 'enumeration',
  fieldType: 'select',
  options: [
    { label: 'On track', value: 'on_track', displayOrder: 0, hidden: false },
    { label: 'Behind', value: 'behind', displayOrder: 1, hidden: false },
    { label: 'Stuck', value: 'stuck', displayOrder: 2, hidden: false },
  ],
  formField: false,
};

/**
 * Creates the property group and properties if missing and brings their labels and the
 * stage options in line with the model (a changed label changes the hash, so existing
 * installs are relabelled on the next provisioning). Idempotent: a hash of what was provisioned is kept per portal, so
 * restarts and many processes make no calls once it is done; a 409 means another
 * process (or an earlier install) created it, and the options are then updated.
 */
export async function provisionProperties(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  model: StageModel,
  currentModel?: () => Promise<StageModel>,
): Promise<'unchanged' | 'provisioned'> {
  const storedHash = () => provisionedHash(db, portalId);
  if ((await storedHash()) === definitionsHash(model)) return 'unchanged';
  if (currentModel === undefined) return provisionModel(db, api, portalId, model);
  // A job that began under the portal's previous model must not put that model's options back
  // after a settings change provisioned the new one: provision the model the portal has now,
  // and look again after each round, so whichever provisioning lands last leaves the current one.
  let result: 'unchanged' | 'provisioned' = 'unchanged';
  for (let round = 0; round < 3; round++) {
    const current = await currentModel();
    if ((await storedHash()) === definitionsHash(current)) return result;
    result = await provisionModel(db, api, portalId, current);
  }
  return result;
}

function definitionsHash(model: StageModel): string {
  return createHash('sha256')
    .update(JSON.stringify([PROPERTY_GROUP, propertyDefinitions(model)]))
    .digest('hex')
    .slice(0, 32);
}

async function provisionModel(db: Db, api: HubSpotApi, portalId: string, model: StageModel): Promise<'provisioned'> {
  const definitions = propertyDefinitions(model);
  const hash = definitionsHash(model);

  // An existing group (an earlier install) gets the current label too.
  const { name: groupName, ...groupChanges } = PROPERTY_GROUP;
  if (!(await api.createContactPropertyGroup(portalId, PROPERTY_GROUP)))
    await api.updateContactPropertyGroup(portalId, groupName, groupChanges);
  for (const definition of definitions) {
    const created = await api.createContactProperty(portalId, definition);
    if (!created) {
      const { name: _name, type: _type, ...changes } = definition;
      await api.updateContactProperty(portalId, definition.name, changes);
    }
  }
  await saveProvisionedHash(db, portalId, hash);
  return 'provisioned';
}

/** The portal's model as stored now, not as a cache or a running job remembers it. */
export async function freshModel(deps: { modelFor: ModelFor }, portalId: string): Promise<StageModel> {
  deps.modelFor.forget?.(portalId);
  return deps.modelFor(portalId);
}
