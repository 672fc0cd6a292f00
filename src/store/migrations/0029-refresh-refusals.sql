-- A refused token refresh is an uninstall only when HubSpot's introspection says the refresh
-- token is no longer active (docs/install.md, "Refused refreshes"). Any other refusal keeps the
-- tokens: when and why it was refused, for `npm run doctor`, until a refresh succeeds. Every
-- installed portal's refresh token is introspected daily: introspected_at is the last check.
alter table portal_tokens
  add column refresh_refused_at timestamptz,
  add column refresh_refusal    text,
  add column introspected_at    timestamptz;
