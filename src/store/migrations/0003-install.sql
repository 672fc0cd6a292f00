-- One-time OAuth `state` values (CSRF): consumed once, expire after ten minutes. No portal is
-- known before the callback, so these rows carry the empty portal id.
create table oauth_states (
  portal_id  text        not null default '',
  state      text        not null,
  expires_at timestamptz not null,
  primary key (portal_id, state)
);

-- Installed portals' OAuth tokens, encrypted (AES-256-GCM, key id in the value so keys rotate).
create table portal_tokens (
  portal_id     text        not null,
  access_token  text        not null,
  refresh_token text        not null,
  expires_at    timestamptz not null,
  scopes        text[]      not null default '{}',
  updated_at    timestamptz not null,
  primary key (portal_id)
);
