-- Trace events a function could not hand to the labelling function, which alone writes the trace
-- log (it was unreachable): kept here until the labelling function appends them (TraceOutbox), so a
-- refusal made during its outage is traced late rather than not at all.
create table pending_trace_event (
    id        uuid primary key,
    event     text        not null,
    failed_at timestamptz not null
);
