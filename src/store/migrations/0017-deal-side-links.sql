-- Issue 14: a new contact's association read is skipped when its deal links are known
-- (process-contacts.ts linksKnownFor). An association HubSpot reports from the deal's side
-- (deal -> contact) is not stored as a link at intake, so such an event naming the contact
-- means "read": this index finds those events by the contact they name.
create index webhook_events_deal_links_to on webhook_events (portal_id, (payload->>'toObjectId'))
  where object_type = 'deal' and kind = 'associationChange';
