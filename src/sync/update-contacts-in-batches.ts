import { BATCH_LIMIT, type HubSpotApi } from './hubspot-api.ts';
import { HubSpotError } from './hubspot-error.ts';

/** One contact's update, with what the caller needs to record once HubSpot took it. */
export type ContactUpdate<T> = { id: string; properties: Record<string, string>; item: T };

/**
 * POST /crm/objects/2026-09/contacts/batch/update, up to 100 a call. When a portal's validation
 * rule refuses a record, HubSpot refuses the whole batch with 400: the batch is split in halves
 * until the refused contact stands alone, so everyone else is written. A contact refused inside
 * a batch HubSpot otherwise took (207) is tried alone once. Nothing is tried more often: a
 * refusal alone is recorded (docs/hubspot.md, "Refused writes"). After each call HubSpot
 * answered, `recorded` gets that call's items and the ones refused in it (id → reason), so what
 * was written is recorded even when a later call fails and the job is retried.
 */
export async function updateContactsInBatches<T>(
  api: HubSpotApi,
  portalId: string,
  updates: ContactUpdate<T>[],
  recorded: (items: T[], refused: Map<string, string>) => Promise<void>,
  /** Before each call: the items about to be sent (HubSpot may apply them even if we never see its answer). */
  sending: (items: T[]) => Promise<void> = async () => {},
): Promise<void> {
  for (let i = 0; i < updates.length; i += BATCH_LIMIT)
    await updateBatch(api, portalId, updates.slice(i, i + BATCH_LIMIT), recorded, sending);
}

async function updateBatch<T>(
  api: HubSpotApi,
  portalId: string,
  batch: ContactUpdate<T>[],
  recorded: (items: T[], refused: Map<string, string>) => Promise<void>,
  sending: (items: T[]) => Promise<void>,
): Promise<void> {
  if (batch.length === 0) return;
  let failures: Array<{ id: string; reason: string }>;
  await sending(batch.map((u) => u.item));
  try {
    failures = await api.updateContacts(
      portalId,
      batch.map(({ id, properties }) => ({ id, properties })),
    );
  } catch (err) {
    if (!(err instanceof HubSpotError && err.status === 400 && batch.length > 1)) throw err;
    const half = Math.ceil(batch.length / 2);
    await updateBatch(api, portalId, batch.slice(0, half), recorded, sending);
    await updateBatch(api, portalId, batch.slice(half), recorded, sending);
    return;
  }
  const refused = new Map(failures.map((f) => [f.id, f.reason]));
  if (batch.length === 1 || refused.size === 0)
    return recorded(
      batch.map((u) => u.item),
      refused,
    );
  // Refused among others (a 207): the others are recorded as written, and each refused contact is
  // tried alone once; what HubSpot answers then is final until the contact changes again.
  await recorded(
    batch.filter((u) => !refused.has(u.id)).map((u) => u.item),
    new Map(),
  );
  for (const update of batch) if (refused.has(update.id)) await updateBatch(api, portalId, [update], recorded, sending);
}
