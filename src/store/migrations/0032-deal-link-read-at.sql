-- When a contact's derivation last read this deal (src/sync/read-evidence.ts): a deal event
-- received before that read is already in the contact's stage, so the deal job need not send
-- the contact to be read and written again (src/sync/process-deals.ts, docs/performance.md).
alter table deal_contacts add column read_at timestamptz;
