import type { CallLogEntry } from '../../src/sandbox/fake-hubspot/call-log.ts';

/** What a call to HubSpot's stand-in was, as HubSpot's rate limit counts the sync's work. */
export type CallKind = 'contactReads' | 'dealReads' | 'associationReads' | 'writes' | 'other';

export function callKind(c: Pick<CallLogEntry, 'path'>): CallKind {
  // First: the contacts-to-deals association read's path ends in /deals/batch/read too.
  if (c.path.startsWith('/crm/associations/')) return 'associationReads';
  if (c.path.endsWith('/contacts/batch/read')) return 'contactReads';
  if (c.path.endsWith('/0-3/batch/read') || c.path.endsWith('/deals/batch/read')) return 'dealReads';
  if (c.path.endsWith('/contacts/batch/update')) return 'writes';
  return 'other';
}

/** Calls a portal makes once (our properties' provisioning, the pipeline read), left out of per-job counts. */
export const isOncePerPortal = (c: Pick<CallLogEntry, 'path'>): boolean =>
  /^\/crm\/(properties|pipelines)\//.test(c.path);
