-- Withdrawal means deletion (seed 000 §3.6, 003 §3.5): a subject's results and media go; what
-- remains of them is pseudonymised (fusion records keep their content id for the trace log, usage
-- records keep their billing facts) and a receipt says what was removed and when.

alter table fusion_result alter column subject_id drop not null;
alter table usage_record alter column subject_id drop not null;

create table deletion_receipt (
    id            uuid primary key,
    app_id        uuid        not null,
    -- SHA-256 of "<app id>:<subject id>": the app can find its receipts, the table holds no subject id
    subject_ref   varchar     not null,
    trigger       varchar     not null check (trigger in ('withdrawal', 'erasure_request')),
    removed       text        not null,
    completed_at  timestamptz not null
);
create index deletion_receipt_subject on deletion_receipt (app_id, subject_ref);
