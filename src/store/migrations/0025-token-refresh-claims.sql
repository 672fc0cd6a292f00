-- A token refresh is claimed for a short lease (refresh_claimed_until) instead of holding the
-- row lock across HubSpot's answer: no transaction stays open over an HTTP call. A refresh that
-- failed (HubSpot 5xx, 429, timeout) waits until refresh_retry_at before any process tries again.
alter table portal_tokens
  add column refresh_claimed_until timestamptz,
  add column refresh_failures      integer not null default 0,
  add column refresh_retry_at      timestamptz;
