import type { Property, PropertyGroup, PropertyOption } from './spec-schemas.ts';
import type { ObjectKind } from './records.ts';

/*
 * The HubSpot-defined properties the stage models read, with HubSpot's names, types and
 * labels (developers.hubspot.com, "Default contact properties" / "Default deal properties").
 * A real portal has hundreds more; these are the ones the service touches.
 */

function option(value: string, label: string, displayOrder: number): PropertyOption {
  return { value, label, displayOrder, hidden: false };
}

function hubspotDefined(
  name: string,
  label: string,
  type: string,
  fieldType: string,
  groupName: string,
  extra: Partial<Property> = {},
): Property {
  return {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: '',
    options: [],
    hidden: false,
    formField: false,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: false },
    archived: false,
    createdAt: '1970-01-01T00:00:00.000Z',
    updatedAt: '1970-01-01T00:00:00.000Z',
    ...extra,
  };
}

const READ_ONLY = { modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: true } };

/**
 * The stand-in portal's buyer personas. HubSpot stores a persona as `persona_N` and the
 * portal names it (Settings > Personas); these three are the demo portal's.
 */
export const DEMO_PERSONAS = [
  ['persona_1', 'Founder Fiona'],
  ['persona_2', 'Operations Omar'],
  ['persona_3', 'Marketing Maya'],
] as const;

/**
 * The stand-in portal's users who own records (`hubspot_owner_id` holds the owner id): id,
 * first name, last name. HubSpot serves them from the owners API (fake-hubspot/owners.ts),
 * never as the property's options.
 */
export const DEMO_OWNERS = [
  ['71000001', 'Ana', 'Costa'],
  ['71000002', 'Ben', 'Okafor'],
  ['71000003', 'Chen', 'Wei'],
  ['71000004', 'Dana', 'Levi'],
] as const;

/** HubSpot's fixed values of the original traffic source (`hs_analytics_source`). */
export const TRAFFIC_SOURCES = [
  ['ORGANIC_SEARCH', 'Organic Search'],
  ['PAID_SEARCH', 'Paid Search'],
  ['EMAIL_MARKETING', 'Email Marketing'],
  ['SOCIAL_MEDIA', 'Organic Social'],
  ['REFERRALS', 'Referrals'],
  ['OTHER_CAMPAIGNS', 'Other Campaigns'],
  ['DIRECT_TRAFFIC', 'Direct Traffic'],
  ['OFFLINE', 'Offline Sources'],
  ['PAID_SOCIAL', 'Paid Social'],
] as const;

const options = (pairs: ReadonlyArray<readonly [string, string]>) =>
  pairs.map(([value, label], i) => option(value, label, i));

/** The eight standard lifecycle stages, in HubSpot's order. */
export const LIFECYCLE_STAGES = [
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
] as const;

function contactProperties(): Property[] {
  const info = 'contactinformation';
  return [
    hubspotDefined('hs_object_id', 'Record ID', 'number', 'number', info, READ_ONLY),
    hubspotDefined('email', 'Email', 'string', 'text', info, { hasUniqueValue: true, formField: true }),
    hubspotDefined('firstname', 'First Name', 'string', 'text', info, { formField: true }),
    hubspotDefined('lastname', 'Last Name', 'string', 'text', info, { formField: true }),
    hubspotDefined('createdate', 'Create Date', 'datetime', 'date', info, READ_ONLY),
    hubspotDefined('lastmodifieddate', 'Last Modified Date', 'datetime', 'date', info, READ_ONLY),
    hubspotDefined('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', info, {
      options: LIFECYCLE_STAGES.map(([value, label], i) => option(value, label, i)),
    }),
    ...LIFECYCLE_STAGES.map(([value, label]) =>
      hubspotDefined(
        `hs_lifecyclestage_${value}_date`,
        `Date entered "${label} (Lifecycle Stage Pipeline)"`,
        'datetime',
        'date',
        info,
        {
          calculated: true,
          ...READ_ONLY,
        },
      ),
    ),
    hubspotDefined('hs_feedback_last_nps_rating', 'Last NPS survey rating', 'enumeration', 'select', info, {
      options: Array.from({ length: 11 }, (_, i) => option(String(i), String(i), i)),
    }),
    hubspotDefined('hs_feedback_last_survey_date', 'Last NPS survey date', 'datetime', 'date', info),
    hubspotDefined('hs_feedback_last_nps_rating_number', 'Last NPS survey rating (number)', 'number', 'number', info),
    hubspotDefined('hs_feedback_last_csat_survey_rating', 'Last CSAT survey rating', 'number', 'number', info),
    hubspotDefined('hs_feedback_last_csat_survey_date', 'Last CSAT survey date', 'datetime', 'date', info),
    hubspotDefined('hs_feedback_last_ces_survey_rating', 'Last CES survey rating', 'number', 'number', info),
    hubspotDefined('hs_feedback_last_ces_survey_date', 'Last CES survey date', 'datetime', 'date', info),
    // The segments a manager splits the funnel by (docs/api.md, `segment=`).
    hubspotDefined('hs_persona', 'Persona', 'enumeration', 'select', info, { options: options(DEMO_PERSONAS) }),
    // HubSpot lists the portal's owners as the options of an owner property.
    hubspotDefined('hubspot_owner_id', 'Contact owner', 'enumeration', 'select', info, {
      externalOptions: true,
    }),
    hubspotDefined('hs_analytics_source', 'Original Traffic Source', 'enumeration', 'select', 'analyticsinformation', {
      options: options(TRAFFIC_SOURCES),
      ...READ_ONLY,
    }),
    hubspotDefined('hs_feedback_last_nps_follow_up', 'Last NPS survey comment', 'string', 'textarea', info),
    // Set by HubSpot's email tool; the stand-in sends no marketing email, so it stays empty unless seeded.
    hubspotDefined(
      'hs_email_first_click_date',
      'First marketing email click date',
      'datetime',
      'date',
      info,
      READ_ONLY,
    ),
    // Conversion information: the first and latest form submissions (the touchpoints' forms).
    hubspotDefined(
      'first_conversion_date',
      'First Conversion Date',
      'datetime',
      'date',
      'conversioninformation',
      READ_ONLY,
    ),
    hubspotDefined(
      'first_conversion_event_name',
      'First Conversion',
      'string',
      'text',
      'conversioninformation',
      READ_ONLY,
    ),
    hubspotDefined(
      'recent_conversion_date',
      'Recent Conversion Date',
      'datetime',
      'date',
      'conversioninformation',
      READ_ONLY,
    ),
    hubspotDefined(
      'recent_conversion_event_name',
      'Recent Conversion',
      'string',
      'text',
      'conversioninformation',
      READ_ONLY,
    ),
    hubspotDefined(
      'num_conversion_events',
      'Number of Form Submissions',
      'number',
      'number',
      'conversioninformation',
      READ_ONLY,
    ),
  ];
}

function dealProperties(): Property[] {
  const info = 'dealinformation';
  return [
    hubspotDefined('hs_object_id', 'Record ID', 'number', 'number', info, READ_ONLY),
    hubspotDefined('dealname', 'Deal Name', 'string', 'text', info),
    hubspotDefined('amount', 'Amount', 'number', 'number', info),
    // Options come from the pipelines (externalOptions), checked against them on write.
    hubspotDefined('pipeline', 'Pipeline', 'enumeration', 'select', info, { externalOptions: true }),
    hubspotDefined('dealstage', 'Deal Stage', 'enumeration', 'radio', info, { externalOptions: true }),
    hubspotDefined('closedate', 'Close Date', 'datetime', 'date', info),
    hubspotDefined('createdate', 'Create Date', 'datetime', 'date', info, READ_ONLY),
    hubspotDefined('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', info, READ_ONLY),
    hubspotDefined('hs_is_closed', 'Is Deal Closed?', 'bool', 'booleancheckbox', info, {
      calculated: true,
      ...READ_ONLY,
    }),
    hubspotDefined('hs_is_closed_won', 'Is Closed Won', 'bool', 'booleancheckbox', info, {
      calculated: true,
      ...READ_ONLY,
    }),
    // Defined as in HubSpot, so a read that asks for them gets the key back; the stand-in does not
    // compute them (null), and the engine then reads the pipeline stage as it does without them.
    hubspotDefined('hs_deal_stage_probability', 'Deal probability', 'number', 'number', info, {
      calculated: true,
      ...READ_ONLY,
    }),
    hubspotDefined('hs_v2_date_entered_current_stage', 'Date entered current stage', 'datetime', 'date', info, {
      calculated: true,
      ...READ_ONLY,
    }),
  ];
}

export function standardProperties(kind: ObjectKind): Property[] {
  return kind === 'contact' ? contactProperties() : dealProperties();
}

export function standardGroups(kind: ObjectKind): PropertyGroup[] {
  return kind === 'contact'
    ? [
        { name: 'contactinformation', label: 'Contact information', displayOrder: 0, archived: false },
        { name: 'conversioninformation', label: 'Conversion information', displayOrder: 1, archived: false },
        { name: 'analyticsinformation', label: 'Web analytics history', displayOrder: 2, archived: false },
      ]
    : [{ name: 'dealinformation', label: 'Deal information', displayOrder: 0, archived: false }];
}
