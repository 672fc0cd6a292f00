-- Who asked for an OAuth state (the client's address), so the states kept per client and in
-- total can be bounded (src/install/oauth-state.ts): /oauth/install is open to anyone.
alter table oauth_states add column client text not null default '';
create index oauth_states_by_client on oauth_states (client, expires_at);
