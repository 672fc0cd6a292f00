import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { StandardError } from './spec-schemas.ts';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendError, sendValidation } from './hubspot-errors.ts';
import { BATCH_LIMIT } from './object-reads.ts';
import { portalIdOf } from './request-context.ts';
import type { EngagementStore } from './engagements.ts';
import type { FakeState } from './state.ts';

/** The scope the 2026-03 tasks spec names for batch create (security of …/tasks/batch/create). */
export const TASKS_WRITE_SCOPE = 'crm.objects.contacts.write';

// SimplePublicObjectBatchInputForCreate: associations and properties required, objectWriteTraceId optional.
const CreateBody = z.object({
  inputs: z.array(
    z.object({
      objectWriteTraceId: z.string().optional(),
      properties: z.record(z.string(), z.string()),
      associations: z.array(
        z.object({
          to: z.object({ id: z.string() }),
          types: z.array(
            z.object({
              associationCategory: z.enum(['HUBSPOT_DEFINED', 'INTEGRATOR_DEFINED', 'USER_DEFINED', 'WORK']),
              associationTypeId: z.int(),
            }),
          ),
        }),
      ),
    }),
  ),
});

/**
 * POST /crm/objects/2026-09/tasks/batch/create: 201 with the created tasks (each with the
 * objectWriteTraceId of its input) and, in the same 201, `errors` for inputs HubSpot refuses
 * (the 2026-09 Tasks spec has no 207; no
 * hs_timestamp, an association to a contact it does not have). A token that lists its scopes
 * without the tasks scope gets 403 MISSING_SCOPES, as HubSpot answers a portal that did not
 * grant it; a token with no scope list (a private app's) may create.
 */
export function tasksRouter(state: FakeState, store: EngagementStore): Router {
  const router = Router();
  router.post(`/crm/objects/${SERVED_VERSIONS.objects}/tasks/batch/create`, (req: Request, res: Response) => {
    const scopes = (res.locals.scopes ?? []) as string[];
    if (scopes.length > 0 && !scopes.includes(TASKS_WRITE_SCOPE))
      return sendError(
        res,
        403,
        `This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.`,
        'MISSING_SCOPES',
      );
    const parsed = CreateBody.safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.inputs.length > BATCH_LIMIT)
      return sendValidation(
        res,
        `Batch input of ${parsed.data.inputs.length} exceeds the limit of ${BATCH_LIMIT} inputs`,
      );
    const started = state.now();
    const portalId = portalIdOf(res);
    const results: unknown[] = [];
    const errors: StandardError[] = [];
    for (const input of parsed.data.inputs) {
      const contact = input.associations.find((a) => a.types.some((t) => t.associationTypeId === 204))?.to.id;
      const problem =
        input.properties.hs_timestamp === undefined
          ? 'Property values were not valid: hs_timestamp is required'
          : contact === undefined || state.getContact(portalId, contact) === undefined
            ? `No contact with id ${contact ?? '(none)'} to associate`
            : undefined;
      if (problem !== undefined) {
        errors.push({
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: problem,
          context: {},
          errors: [],
          links: {},
        });
        continue;
      }
      const id = store.add(portalId, 'tasks', state.resolveContactId(portalId, contact!), input.properties, started);
      results.push({
        id,
        properties: store.get(portalId, 'tasks', id)!.properties,
        createdAt: started.toISOString(),
        updatedAt: started.toISOString(),
        archived: false,
        ...(input.objectWriteTraceId === undefined ? {} : { objectWriteTraceId: input.objectWriteTraceId }),
      });
    }
    res.status(201).json({
      status: 'COMPLETE',
      results,
      ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
      startedAt: started.toISOString(),
      completedAt: state.now().toISOString(),
    });
  });
  return router;
}
