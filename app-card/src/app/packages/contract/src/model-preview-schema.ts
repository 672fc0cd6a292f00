import { z } from 'zod';

/**
 * What POST /api/settings/preview (and GET /api/settings/preview/:id once ready) answers: what
 * a candidate stage model would make of the portal's contacts, computed from the evidence the
 * service holds. The service types its answer with it (src/api/model-preview) and the settings
 * page parses it with it. More fields may come and are ignored.
 */
export const ModelPreview = z.object({
  /** Contacts looked at: every stored, not deleted contact of the portal. */
  contacts: z.int().nonnegative(),
  /** Contacts whose stored evidence lacks a property the candidate reads: their preview may be off. */
  unknown: z.int().nonnegative(),
  /** Contacts whose stage would change. */
  changes: z.int().nonnegative(),
  /** The candidate's stages in order: contacts in it now (same stage id), and under the candidate. */
  stages: z.array(
    z.object({ id: z.string(), label: z.string(), now: z.int().nonnegative(), wouldBe: z.int().nonnegative() }),
  ),
  /** At most 20 contacts that would change, with the candidate's reason in words. */
  examples: z.array(z.object({ contactId: z.string(), now: z.string(), wouldBe: z.string(), reason: z.string() })),
  /** What saving the candidate starts: the properties rewritten and how long the re-derivation takes. */
  switch: z
    .object({
      properties: z.array(z.string()),
      estimatedSeconds: z.number().nonnegative(),
      rateLimit: z.object({ max: z.int().positive(), intervalMs: z.int().positive() }),
    })
    .optional(),
  /** The portal's HubSpot app domain, for record links (absent before provisioning read it). */
  uiDomain: z.string().optional(),
});
export type ModelPreview = z.infer<typeof ModelPreview>;

/** 202 for a portal too large to preview within one request: poll GET /api/settings/preview/:previewId. */
export const PreviewPending = z.object({ previewId: z.string(), state: z.literal('running') });
export type PreviewPending = z.infer<typeof PreviewPending>;

/** Either answer of POST /api/settings/preview and GET /api/settings/preview/:id. */
export const PreviewAnswer = z.union([ModelPreview, PreviewPending]);
export type PreviewAnswer = z.infer<typeof PreviewAnswer>;
