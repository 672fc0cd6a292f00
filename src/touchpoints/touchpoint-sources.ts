import type { TouchpointType } from '@journey-stages/contract/journey';

/** One engagement or ticket of a contact, as stored in the cache and placed in a stay. */
export type Touchpoint = { type: TouchpointType; at: string; id: string; title?: string };

export type EngagementSource = {
  type: Exclude<TouchpointType, 'form'>;
  /** The object type name in the object and association paths. */
  objectType: 'emails' | 'calls' | 'meetings' | 'tickets';
  /** When it happened: the first of these properties with a value. */
  timeProperties: readonly string[];
  titleProperty: string;
};

/*
 * The CRM objects a touchpoint is read from (2026-09 specs, PublicApiSpecs/CRM/{Emails,Calls,
 * Meetings,Tickets}/Rollouts/424/2026-09). `hs_timestamp` is when an engagement happened
 * (a meeting's start is `hs_meeting_start_time`); tickets have no `hs_timestamp`, so their
 * creation time stands for them. Every object also has `hs_createdate`/`createdate`.
 */
export const ENGAGEMENT_SOURCES: readonly EngagementSource[] = [
  {
    type: 'email',
    objectType: 'emails',
    timeProperties: ['hs_timestamp', 'hs_createdate', 'createdate'],
    titleProperty: 'hs_email_subject',
  },
  {
    type: 'call',
    objectType: 'calls',
    timeProperties: ['hs_timestamp', 'hs_createdate', 'createdate'],
    titleProperty: 'hs_call_title',
  },
  {
    type: 'meeting',
    objectType: 'meetings',
    timeProperties: ['hs_meeting_start_time', 'hs_timestamp', 'hs_createdate', 'createdate'],
    titleProperty: 'hs_meeting_title',
  },
  { type: 'ticket', objectType: 'tickets', timeProperties: ['createdate', 'hs_createdate'], titleProperty: 'subject' },
];

/*
 * Form submissions are not CRM objects one can associate or batch-read per contact: the
 * forms API lists submissions per form, not per contact. What HubSpot keeps on the contact
 * are its first and most recent conversions (date and "form name: page" event name) and
 * their number. We place those two dated submissions; `num_conversion_events` beyond them
 * has no date to place by. Source: HubSpot's default contact properties
 * (knowledge.hubspot.com/properties/hubspots-default-contact-properties, "Conversion information").
 */
export const FORM_PROPERTIES = [
  'first_conversion_date',
  'first_conversion_event_name',
  'recent_conversion_date',
  'recent_conversion_event_name',
] as const;

export const TOUCHPOINT_TYPES: readonly TouchpointType[] = ['email', 'call', 'meeting', 'ticket', 'form'];

/** Titles come from free text (email subjects): kept short in the cache and on the card. */
export const TITLE_MAX = 120;
