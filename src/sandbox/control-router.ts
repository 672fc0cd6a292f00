import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { FakeState } from './fake-hubspot/state.ts';
import { contactSummary } from './demo/contact-summary.ts';

const NewLead = z.object({
  firstname: z.string().trim().min(1),
  lastname: z.string().trim().min(1).optional(),
  email: z.email().optional(),
});
const MoveDeal = z.object({ stage: z.string().trim().min(1) });
const NpsAnswer = z.object({ score: z.number().int().min(0).max(10) });

const fail = (res: Response, status: number, message: string) => res.status(status).json({ error: message });

/**
 * `/_sandbox/…` on the stand-in: what `npm run sandbox -- <command>` drives. JSON in and
 * out, no auth (loopback only), never part of HubSpot's API. Changes go through the
 * mutation API, so they reach the service as signed webhooks, like a user's edit in HubSpot.
 */
export function controlRouter(state: FakeState, portalId: string): Router {
  const router = Router();
  router.use('/_sandbox', express.json());
  const summary = (id: string) => contactSummary(state, portalId, id);

  router.get('/_sandbox/contacts', (_req, res) => {
    res.json(state.listContacts(portalId).map((c) => summary(c.id)));
  });

  router.get('/_sandbox/contacts/:id', (req, res) => {
    const s = summary(req.params.id);
    if (!s) return fail(res, 404, `no contact ${req.params.id} in portal ${portalId}`);
    const deals = state
      .dealIdsOf(portalId, s.id)
      .map((id) => ({ id, properties: state.getDeal(portalId, id)?.properties ?? {} }));
    res.json({ ...s, properties: state.getContact(portalId, s.id)?.properties ?? {}, deals });
  });

  // The tasks the service created for owners of stalled contacts, newest first.
  router.get('/_sandbox/tasks', (_req, res) => {
    const ids = state.engagements.idsOf(portalId, 'tasks', () => true);
    res.json(
      ids
        .map((id) => state.engagements.get(portalId, 'tasks', id)!)
        .reverse()
        .map((t) => ({
          id: t.id,
          contactId: t.contactId,
          subject: t.properties.hs_task_subject ?? '',
          owner: t.properties.hubspot_owner_id ?? null,
          due: t.properties.hs_timestamp ?? null,
        })),
    );
  });

  router.post('/_sandbox/contacts', (req, res) => {
    const body = NewLead.safeParse(req.body);
    if (!body.success)
      return fail(res, 400, 'send {"firstname": "Ada", "lastname": "Lovelace"} (lastname and email optional)');
    const values = Object.fromEntries(
      Object.entries(body.data).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const id = state.createContact(portalId, { ...values, lifecyclestage: 'lead' });
    res.status(201).json(summary(id));
  });

  router.post('/_sandbox/deals/:dealId/stage', (req, res) => {
    const body = MoveDeal.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'send {"stage": "closedwon"} (a stage id of the deal\'s pipeline)');
    const { dealId } = req.params;
    if (!state.getDeal(portalId, dealId)) return fail(res, 404, `no deal ${dealId} in portal ${portalId}`);
    const closed = body.data.stage === 'closedwon' || body.data.stage === 'closedlost';
    try {
      state.updateDeal(portalId, dealId, {
        dealstage: body.data.stage,
        ...(closed ? { closedate: state.now().toISOString() } : {}),
      });
    } catch (err) {
      return fail(res, 400, err instanceof Error ? err.message : String(err));
    }
    res.json({ id: dealId, properties: state.getDeal(portalId, dealId)?.properties ?? {} });
  });

  router.post('/_sandbox/contacts/:id/nps', (req, res) => {
    const body = NpsAnswer.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'send {"score": n} with n a whole number from 0 to 10');
    if (!summary(req.params.id)) return fail(res, 404, `no contact ${req.params.id} in portal ${portalId}`);
    const answer = {
      hs_feedback_last_nps_rating: String(body.data.score),
      hs_feedback_last_survey_date: String(state.now().getTime()),
    };
    state.updateContact(portalId, req.params.id, answer);
    res.json(summary(req.params.id));
  });

  // express.json() refuses malformed JSON with an error: answer it as JSON like the rest.
  router.use('/_sandbox', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status =
      typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    fail(res, status, status === 400 ? 'the body is not valid JSON' : err instanceof Error ? err.message : String(err));
  });
  return router;
}
