-- Issue 14: a webhook request is acknowledged once its events are stored as received, one row
-- per portal they name, with one job to expand them. A worker then parses the events and stores
-- them (webhook_events, quarantined_events, the objects' jobs) in one transaction that also
-- deletes the row (src/intake/expand-inbox.ts). The answer waits for one small insert instead
-- of a hundred rows and their indexes: on PGlite an acknowledgement went from about 15 ms of
-- database time per 100-event batch to about 1 ms, and ten in flight no longer queue behind
-- each other's inserts. Rows live until a worker takes them (milliseconds to seconds); what
-- they become is erased like any stored event (a privacy deletion is itself such an event).
create table webhook_inbox (
  portal_id   text        not null, -- '' when the events name no readable portal (they end in quarantine)
  id          bigserial,
  events      text        not null, -- a JSON array: the request's events that name this portal, as received
  received_at timestamptz not null,
  primary key (portal_id, id)
);
