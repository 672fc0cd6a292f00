/**
 * Every word the extensions show, in English: the reference catalog. The others
 * (de.ts, fr.ts, es.ts, pt-BR.ts) must have every key it has (the type says so, and
 * test/unit/contract/message-catalog.test.ts checks it at run time). `{name}` is a value filled
 * in by the caller; a key ending in `.one` / `.other` is a plural chosen by Intl.PluralRules.
 * Dates and numbers are never written here: words.ts formats them in the user's locale.
 */
export const en = {
  // Durations and counts
  'unit.days.one': '{count} day',
  'unit.days.other': '{count} days',
  'unit.today': 'today',
  'unit.contacts.one': '{count} contact',
  'unit.contacts.other': '{count} contacts',

  // Failures every extension meets
  'error.unauthorized.title': 'Journey Stages could not verify this request',
  'error.unauthorized.advice':
    "The service refused HubSpot's signed request (HTTP {status}). Ask the admin who installed Journey Stages to check that PUBLIC_BASE_URL is the URL listed in the app's permitted fetch URLs and that HUBSPOT_CLIENT_SECRET is this app's client secret.",
  'error.rateLimited.title': 'Too many requests right now',
  'error.rateLimited.advice':
    'HubSpot is limiting requests to Journey Stages for this account. Wait a few seconds and try again.',
  'error.server.title': 'Journey Stages had a problem',
  'error.server.advice':
    'The service answered with HTTP {status}. Try again in a minute; if it keeps failing, contact Journey Stages support.',
  'error.network.title': 'Journey Stages could not be reached',
  'error.network.advice': 'The request did not reach the service or timed out. Check your connection and try again.',
  'error.invalidResponse.title': 'Journey Stages sent an answer this card cannot read',
  'error.invalidResponse.advice':
    'The card and the service may be on different versions. Try again; if it keeps failing, contact Journey Stages support.',
  'error.invalidResponsePage.title': 'Journey Stages sent an answer that cannot be read here',
  'error.invalidResponsePage.advice':
    'The app and the service may be on different versions. Try again; if it keeps failing, contact Journey Stages support.',
  'error.refused.title': 'The service refused the request',
  'error.refused.advice': '{message}.',
  'error.refusedPeriod.title': 'The service refused this period',
  'error.refusedPeriod.advice': '{message}. Pick another period.',
  'error.refusedChange.title': 'The service refused the change',
  'error.contactNotFound.title': 'Contact not found in HubSpot',
  'error.contactNotFound.advice':
    'HubSpot has no contact with ID {contactId}: it may have been deleted or merged into another contact. Reload the page to open the current record.',
  'error.ticketNotFound.title': 'Ticket not found in HubSpot',
  'error.ticketNotFound.advice':
    'HubSpot has no ticket with ID {ticketId}: it may have been deleted or merged. Reload the page to open the current ticket.',
  'error.portalNotFound.title': 'Journey Stages does not know this account yet',
  'error.portalNotFound.advice':
    'The service answered 404. Reinstall the app from the Marketplace so it can set up this account, then try again.',
  'action.retry': 'Try again',
  'action.reload': 'Reload page',
  'action.checkAgain': 'Check again',

  // The journey, on the record tab and in the sidebar
  'journey.loading': "Loading this contact's journey…",
  'journey.empty.title': 'No journey recorded yet',
  'journey.empty.body':
    'Journey Stages has not recorded a stage for this contact yet. A stage appears as soon as the contact or one of its deals changes; contacts created before the app was installed are filled in by the first import, which can take a few minutes.',
  'journey.since': '{stage} since {date} · {duration}',
  'journey.highest': 'Furthest stage reached: {stage}, on {date}',
  'journey.writeError': 'HubSpot refused to save this stage on the contact: {message}',
  'health.on_track': 'On track',
  'health.behind': 'Behind',
  'health.stuck': 'Stuck',
  'health.detail':
    '{inStage} in {stage}; most contacts that move on do so within {p50} (3 in 4 within {p75}, 9 in 10 within {p90}; {basis} moves compared)',
  'health.short': '{inStage} in {stage}; most contacts that move on do so within {p50}',
  'health.noBasis':
    'Fewer than 20 contacts have moved on from {stage} in the last year: too few to say whether this one is stuck.',
  'health.snoozed': 'Flag snoozed until {date}: {reason}',
  'forecast.sentence': '{percent} of contacts who waited this long moved on within {days}',
  'forecast.basis': '{sentence} ({basis} compared)',
  'guidance.title': 'What helps in {stage}',
  'guidance.doing': 'What customers do here',
  'guidance.help': 'How to help them',
  'guidance.metrics': 'What to measure',
  'satisfaction.nps': 'Last NPS (0–10)',
  'satisfaction.csat': 'Last CSAT',
  'satisfaction.ces': 'Last CES',
  'satisfaction.dateUnknown': 'date unknown',
  'timeline.date': 'Date',
  'timeline.stage': 'Stage',
  'timeline.reason': 'Reason',
  'timeline.evidence': 'Evidence',
  'timeline.observed': 'observed (no HubSpot timestamp)',
  'timeline.regression': 'Regression',
  'timeline.skipped': 'passed over {stages}',
  'timeline.recent': 'Latest changes',
  'evidence.deal': 'Deal {id}',
  'evidence.contact': 'Contact',
  'touchpoints.unavailable.title': 'Touchpoints are not available right now',
  'touchpoints.partial.title': 'Some touchpoints are missing',
  'touchpoints.unavailable.body':
    'HubSpot did not answer in time. The stage above is up to date; open the card again in a minute for the touchpoints.',
  'touchpoints.stay': 'Stay',
  'touchpoints.stayFrom': '{stage} (from {date})',
  'touchpoints.mostRecent': 'Most recent',
  'touchpoints.email.many': 'Emails',
  'touchpoints.call.many': 'Calls',
  'touchpoints.meeting.many': 'Meetings',
  'touchpoints.ticket.many': 'Tickets',
  'touchpoints.form.many': 'Forms',
  'touchpoints.email.one': 'Email',
  'touchpoints.call.one': 'Call',
  'touchpoints.meeting.one': 'Meeting',
  'touchpoints.ticket.one': 'Ticket',
  'touchpoints.form.one': 'Form submission',
  'sidebar.openTab': 'Open the full journey',

  // Snoozing the health flag
  'snooze.action': 'Snooze',
  'snooze.lift': 'Lift snooze',
  'snooze.title': 'Snooze this flag',
  'snooze.intro': 'The flag stays in HubSpot and in the reports; the card shows it as snoozed until the date you pick.',
  'snooze.reason': 'Reason',
  'snooze.reasonPlaceholder': 'For example: waiting for the budget decision in April',
  'snooze.reasonMissing': 'Say why, so your colleagues know.',
  'snooze.until': 'Until',
  'snooze.preset.7': '1 week',
  'snooze.preset.30': '30 days',
  'snooze.preset.90': '90 days',
  'snooze.preset.date': 'A date',
  'snooze.date': 'Date',
  'snooze.dateInvalid': 'Pick a date from tomorrow up to one year from today.',
  'snooze.save': 'Snooze',
  'snooze.cancel': 'Cancel',
  'snooze.saving': 'Saving…',
  'snooze.failed': 'The snooze was not saved',
  'snooze.liftFailed': 'The snooze was not lifted',

  // The help desk card
  'ticket.loading': "Loading the journeys of this ticket's contacts…",
  'ticket.empty.title': 'No contact on this ticket',
  'ticket.empty.body': 'Associate a contact with this ticket to see where that customer stands in their journey.',
  'ticket.unavailable.title': 'HubSpot did not answer',
  'ticket.unavailable.body':
    "Journey Stages could not read this ticket's contacts from HubSpot just now. Try again in a minute.",
  'ticket.contactUnavailable': 'The journey of contact {contactId} is not available right now.',
  'ticket.primary': 'Primary contact',
  'ticket.contact': 'Contact {contactId}',
  'ticket.openContact': 'Open contact',
  'ticket.more': 'Showing the first {shown} of the contacts on this ticket.',
} as const;

export type MessageKey = keyof typeof en;
/** A complete catalog: every key of the English one. */
export type Catalog = { readonly [K in MessageKey]: string };
