-- The reconciliation sweep's progress (docs/reconciliation.md): one row per portal. A sweep
-- reads the contacts, then the deals, modified in [sweep_from, sweep_until], page by page in
-- order of their last-modified date; `position` and `skip` say where the next page starts
-- (the records at exactly `position` already read), so a crash resumes at the page it was on.
-- phase is null between sweeps; swept_until is where the last finished sweep ended.
create table reconcile_cursors (
  portal_id        text        not null,
  swept_until      timestamptz,
  phase            text        check (phase in ('contacts', 'deals')),
  sweep_started_at timestamptz,
  sweep_from       timestamptz,
  sweep_until      timestamptz,
  position         timestamptz,
  skip             integer     not null default 0,
  updated_at       timestamptz not null,
  primary key (portal_id)
);
