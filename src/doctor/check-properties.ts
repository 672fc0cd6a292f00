import type { Config } from '../config.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { Property } from '../sync/hubspot-api-schemas.ts';
import type { PropertyDefinition } from '../sync/hubspot-api.ts';
import { hubspotPaths } from '../sync/hubspot-paths.ts';
import { propertyDefinitions } from '../sync/provision-properties.ts';
import type { PortalAccess } from './check-hubspot-access.ts';
import { fail, ok, skip, type CheckResult } from './check-result.ts';
import { bearerGet, hubspotMessage } from './hubspot-probe.ts';

const REPROVISION =
  "the service creates and updates them at start in single-portal mode and at install with OAuth: restart it (or install again); if it keeps failing, its log names HubSpot's reason";

/** What differs between our definition and the property HubSpot has; empty when they agree. */
export function propertyDifferences(want: PropertyDefinition, have: Property): string[] {
  const diffs: string[] = [];
  if (have.type !== want.type) diffs.push(`type is ${have.type}, not ${want.type}`);
  if (have.fieldType !== want.fieldType) diffs.push(`field type is ${have.fieldType}, not ${want.fieldType}`);
  if (have.groupName !== want.groupName) diffs.push(`group is ${have.groupName}, not ${want.groupName}`);
  if (want.options) {
    const shown = (o: { value: string; label: string }) => `${o.value} (${o.label})`;
    const wantOptions = want.options.map(shown);
    const haveOptions = [...have.options]
      .filter((o) => !o.hidden)
      .sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
      .map(shown);
    if (wantOptions.join('|') !== haveOptions.join('|'))
      diffs.push(`options are [${haveOptions.join(', ')}], not [${wantOptions.join(', ')}]`);
  }
  return diffs;
}

/** Our contact properties exist in each checked portal with the type, group and stage options of its model. */
export async function checkProperties(
  config: Config,
  portals: PortalAccess[],
  modelFor: (portalId: string) => Promise<StageModel>,
): Promise<CheckResult> {
  if (portals.length === 0) return skip('properties', 'not checked: no portal the doctor can read');
  const problems: string[] = [];
  for (const { portalId, token } of portals) {
    const model = await modelFor(portalId);
    for (const want of propertyDefinitions(model)) {
      // GET /crm/properties/2026-09/contacts/{name}: general rate limit.
      const answer = await bearerGet(config.hubspotApiBase, hubspotPaths.contactProperty(want.name), token);
      if (answer.status === 404) {
        problems.push(`portal ${portalId} has no contact property ${want.name}`);
        continue;
      }
      if (answer.status !== 200) {
        problems.push(`portal ${portalId}: reading ${want.name} answered ${answer.status} (${hubspotMessage(answer)})`);
        continue;
      }
      const have = Property.safeParse(answer.body);
      if (!have.success) {
        problems.push(`portal ${portalId}: HubSpot's answer for ${want.name} has an unexpected shape`);
        continue;
      }
      const diffs = propertyDifferences(want, have.data);
      if (diffs.length > 0) problems.push(`portal ${portalId}: ${want.name} ${diffs.join('; ')} (model ${model.id})`);
    }
  }
  if (problems.length > 0) return fail('properties', `${problems.join('; ')}: ${REPROVISION}`);
  const names = propertyDefinitions(await modelFor(portals[0]!.portalId))
    .map((d) => d.name)
    .join(', ');
  return ok(
    'properties',
    `${names} exist with the model's options in portal${portals.length === 1 ? '' : 's'} ${portals.map((p) => p.portalId).join(', ')}`,
  );
}
