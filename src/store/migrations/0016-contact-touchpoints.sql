-- A contact's touchpoints as last read from HubSpot (docs/touchpoints.md): every engagement,
-- ticket and dated form submission with its time, id and short title, the types whose read
-- failed (and whether that is worth retrying soon), and when the read began. Placed in stays when the journey is served, so a timeline
-- that changes needs no new read. Refreshed on a TTL; a newer read never loses to an older one.
create table contact_touchpoints (
  portal_id  text        not null,
  contact_id text        not null,
  items      jsonb       not null,
  failed     jsonb       not null default '[]'::jsonb,
  retry_soon boolean     not null default false, -- a failure worth retrying before the TTL (5xx, 429, timeout; not a 403)
  read_at    timestamptz not null,
  primary key (portal_id, contact_id)
);
