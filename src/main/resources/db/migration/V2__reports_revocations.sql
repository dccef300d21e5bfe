-- Reports from the public and what operators did with them (seed 000 §3.2(9), (10); 003 §3.3.5),
-- and revoked content, which label inspection reports.

create table report_ticket (
    id             uuid primary key,
    content_id     varchar,
    image_sha256   varchar,
    reason         varchar     not null check (reason in ('PORTRAIT_RIGHTS', 'FALSE_INFORMATION', 'ILLEGAL_CONTENT', 'OTHER')),
    description    varchar     not null,
    contact        varchar     not null,
    status         varchar     not null check (status in ('OPEN', 'ASSIGNED', 'RESOLVED')),
    assignee       varchar,
    resolution     varchar check (resolution in ('NO_ACTION', 'REVOKE_CONTENT')),
    created_at     timestamptz not null,
    answer_due_by  timestamptz not null,
    resolved_at    timestamptz
);
create index report_ticket_status on report_ticket (status, answer_due_by);

-- Every step on a ticket, oldest first: the tracked outcome the seed terms ask for.
create table report_step (
    id         uuid primary key,
    ticket_id  uuid        not null references report_ticket (id),
    at         timestamptz not null,
    actor      varchar     not null,
    action     varchar     not null,
    note       varchar
);
create index report_step_ticket on report_step (ticket_id, at);

create table content_revocation (
    content_id      varchar primary key,
    revoked_at      timestamptz not null,
    revoked_by      varchar     not null,
    reason          varchar     not null,
    refutation_note varchar,
    ticket_id       uuid references report_ticket (id)
);
