import type { Owner } from './hubspot-api.ts';

/** How an owner is named on the home page: "First Last", else the email, else the id. */
export function ownerLabel(owner: Owner): string {
  const name = [owner.firstName, owner.lastName]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
  return name !== '' ? name : owner.email?.trim() || owner.id;
}
