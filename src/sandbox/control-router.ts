import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { FakeState } from './fake-hubspot/state.ts';

const fail = (res: Response, status: number, message: string) => res.status(status).json({ error: message });

/**
 * `/_sandbox/…` on the stand-in: what `npm run sandbox -- <command>` drives. Plain JSON,
 * no auth (loopback only), never part of HubSpot's API.
 */
export function controlRouter(state: FakeState, portalId: string): Router {
  const router = Router();
  router.use('/_sandbox', express.json());

  const summary = (id: string) => {
    const c = state.getContact(portalId, id);
    if (!c) return undefined;
    const p = c.properties;
    return {
      id: c.id,
      name: [p.firstname, p.lastname].filter(Boolean).join(' '),
      lifecyclestage: p.lifecyclestage ?? null,
      journeyStage: p.journey_stage ?? null,
      journeyStageEnteredAt: p.journey_stage_entered_at ?? null,
      deals: state.dealIdsOf(portalId, c.id).length,
    };
  };

  router.get('/_sandbox/contacts', (_req, res) => {
    res.json(state.listContacts(portalId).map((c) => summary(c.id)));
  });

  router.get('/_sandbox/contacts/:id', (req, res) => {
    const s = summary(req.params.id);
    if (!s) return fail(res, 404, `no contact ${req.params.id}`);
    const deals = state.dealIdsOf(portalId, s.id).map((d) => ({ id: d, ...state.getDeal(portalId, d)?.properties }));
    res.json({ ...s, properties: state.getContact(portalId, s.id)!.properties, deals });
  });

  router.post('/_sandbox/contacts', (req, res) => {
    const body = z.object({ firstname: z.string().min(1), lastname: z.string().min(1) }).safeParse(req.body);
    if (!body.success) return fail(res, 400, 'send {"firstname": "…", "lastname": "…"}');
    const id = state.createContact(portalId, { ...body.data, lifecyclestage: 'lead' });
    res.status(201).json(summary(id));
  });

  router.post('/_sandbox/deals/:dealId/stage', (req, res) => {
    const body = z.object({ stage: z.string().min(1) }).safeParse(req.body);
    if (!body.success) return fail(res, 400, 'send {"stage": "closedwon"} (a stage id of the deal pipeline)');
    if (!state.getDeal(portalId, req.params.dealId)) return fail(res, 404, `no deal ${req.params.dealId}`);
    try {
      const closed = body.data.stage === 'closedwon' || body.data.stage === 'closedlost';
      state.updateDeal(portalId, req.params.dealId, { dealstage: body.data.stage, ...(closed ? { closedate: new Date().toISOString() } : {}) });
    } catch (err) {
      return fail(res, 400, (err as Error).message);
    }
    res.json({ id: req.params.dealId, ...state.getDeal(portalId, req.params.dealId)!.properties });
  });

  router.post('/_sandbox/contacts/:id/nps', (req, res) => {
    const body = z.object({ score: z.number().int().min(0).max(10) }).safeParse(req.body);
    if (!body.success) return fail(res, 400, 'send {"score": 0…10}');
    if (!state.getContact(portalId, req.params.id)) return fail(res, 404, `no contact ${req.params.id}`);
    state.updateContact(portalId, req.params.id, { hs_feedback_last_nps_rating: String(body.data.score), hs_feedback_last_survey_date: String(Date.now()) });
    res.json(summary(req.params.id));
  });
  return router;
}
