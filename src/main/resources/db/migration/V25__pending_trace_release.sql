-- A released output's trace entries are kept here in the same transaction as its result and usage
-- record, so they cannot be lost between that commit and the labelling function's append: the fusion
-- event and the receipt of its label's held entry (HeldEntries). The labelling function deletes the
-- row as it appends both; where the fusion function's call did not reach it, TraceOutbox does.
alter table pending_trace_event add column receipt text;
