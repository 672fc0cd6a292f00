/**
 * The minimum scopes the app needs (identical to app-card/src/app/app-hsmeta.json's
 * requiredScopes; a test keeps them equal): read contacts and deals, write the stage,
 * create and update our contact properties. Touchpoints (docs/touchpoints.md): emails, calls and
 * meetings read with `crm.objects.contacts.read`, tickets need `tickets` (2026-03 and 2026-09 specs,
 * PublicApiSpecs/CRM/{Emails,Calls,Meetings,Tickets}/…/2026-09, security of batch/read).
 */
export const REQUIRED_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.deals.read',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'tickets',
] as const;

/**
 * Scopes asked for but not required (app-hsmeta.json's optionalScopes; a test keeps them equal):
 * `crm.objects.owners.read` names owners on the home page (owners API, 2026-03 spec security).
 * An install without it keeps working and shows owner ids (docs/install.md).
 */
export const OPTIONAL_SCOPES = ['crm.objects.owners.read'] as const;
