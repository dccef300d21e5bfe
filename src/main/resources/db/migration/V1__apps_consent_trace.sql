-- facefuse schema, version 1: apps and their credentials, replay protection, consent records and
-- the hash-chained trace log. Later versions only add; a migration never drops user data.

create table app (
    id                    uuid primary key,
    name                  varchar     not null,
    developer             varchar     not null,
    privacy_policy_url    varchar     not null,
    user_agreement_url    varchar     not null,
    rate_limit_per_second integer     not null check (rate_limit_per_second > 0),
    status                varchar     not null check (status in ('ACTIVE', 'FROZEN', 'SUSPENDED', 'TERMINATED')),
    status_reason         varchar,
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);

create table app_credential (
    key_id            varchar primary key,
    app_id            uuid        not null references app (id),
    secret_ciphertext bytea       not null,
    created_at        timestamptz not null,
    revoked_at        timestamptz
);
create index app_credential_app on app_credential (app_id);

-- Nonces of signed requests seen within the signing window; older rows are swept.
create table request_nonce (
    key_id  varchar     not null,
    nonce   varchar     not null,
    seen_at timestamptz not null,
    primary key (key_id, nonce)
);
create index request_nonce_seen_at on request_nonce (seen_at);

-- Consent is a history: each grant or withdrawal is a new row; the latest row per
-- (app, subject, purpose) is the current state.
create table consent_event (
    id                      uuid primary key,
    app_id                  uuid        not null references app (id),
    subject_id              varchar     not null,
    purpose                 varchar     not null,
    action                  varchar     not null check (action in ('GRANTED', 'WITHDRAWN')),
    notice_version          varchar,
    keypoints_notice_shown  boolean,
    own_photos_notice_shown boolean,
    identity_verified       boolean,
    identity_verified_at    timestamptz,
    guardian_consent        boolean,
    reason                  varchar,
    occurred_at             timestamptz not null,
    recorded_at             timestamptz not null,
    recorded_by             varchar     not null
);
create index consent_event_subject on consent_event (app_id, subject_id, purpose, recorded_at);

create table trace_entry (
    seq         bigint primary key,
    occurred_at timestamptz not null,
    actor       varchar     not null,
    app_id      uuid,
    subject_id  varchar,
    operation   varchar     not null,
    input_hash  varchar,
    output_hash varchar,
    content_id  varchar,
    outcome     varchar     not null,
    detail      varchar,
    prev_hash   varchar     not null,
    entry_hash  varchar     not null
);
create index trace_entry_content on trace_entry (content_id) where content_id is not null;
create index trace_entry_app_subject on trace_entry (app_id, subject_id);

create table trace_head (
    id        integer primary key check (id = 1),
    last_seq  bigint not null,
    last_hash varchar not null
);
insert into trace_head (id, last_seq, last_hash) values (1, 0, repeat('0', 64));

-- The log is append-only for the application; the hash chain reveals what a database owner
-- changes behind this trigger's back.
create function trace_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'trace_entry is append-only';
end;
$$;
create trigger trace_entry_append_only
    before update or delete on trace_entry
    for each row execute function trace_entry_append_only();
