import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/presets/index.ts';
import { requiredContactProperties, requiredDealProperties } from '../../src/engine/required-properties.ts';

type Subscription = { subscriptionType: string; objectType?: string; propertyName?: string };
const declaration = JSON.parse(
  readFileSync(new URL('../../webhooks/webhooks-hsmeta.json', import.meta.url), 'utf8'),
) as {
  config: { subscriptions: { crmObjects: Subscription[] } };
};
const subscribed = (objectType: string) =>
  new Set(
    declaration.config.subscriptions.crmObjects
      .filter((s) => s.objectType === objectType && s.propertyName)
      .map((s) => s.propertyName!),
  );

// Properties HubSpot changes only together with one we subscribe to (or never after creation):
// a change of theirs always arrives with a subscribed event for the same record.
const implied = new Set([
  'hs_lifecyclestage_subscriber_date',
  'hs_lifecyclestage_other_date',
  // survey dates are set with their rating, which we subscribe to
  'hs_feedback_last_csat_survey_date',
  'hs_feedback_last_ces_survey_date',
  'dealname',
  'hs_is_closed',
  'hs_deal_stage_probability',
  'hs_lastmodifieddate',
  'createdate',
  'amount',
  'hs_v2_date_entered_current_stage',
]);

describe('webhooks/webhooks-hsmeta.json', () => {
  it.each(Object.keys(presets))(
    'subscribes to every property the %s preset reads, so a change of it is never missed',
    (id) => {
      const model = presets[id]!;
      const missingContact = requiredContactProperties(model).filter(
        (p) => !subscribed('contact').has(p) && !implied.has(p),
      );
      const missingDeal = requiredDealProperties(model).filter((p) => !subscribed('deal').has(p) && !implied.has(p));
      expect({ contact: missingContact, deal: missingDeal }).toEqual({ contact: [], deal: [] });
    },
  );
});
