/**
 * The minimum scopes the app needs (identical to app-card/src/app/app-hsmeta.json's
 * requiredScopes; a test keeps them equal): read contacts and deals, write the stage,
 * create and update our contact properties.
 */
export const REQUIRED_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.deals.read',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
] as const;
