-- A request may name at most so many portals (src/intake/inbox-writer.ts): the events of the
-- portals past that bound are stored in one row that carries the reason, and its expansion
-- quarantines them all with it instead of parsing them.
alter table webhook_inbox add column quarantine_reason text;
