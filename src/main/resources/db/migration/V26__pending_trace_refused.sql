-- Why the labelling function's outbox could not append a kept event (not a trace event, a receipt
-- it did not sign): such a row stays for people to look at, and the outbox no longer takes it, so a
-- few bad rows cannot fill every batch and hold back the rest.
alter table pending_trace_event add column refused text;
