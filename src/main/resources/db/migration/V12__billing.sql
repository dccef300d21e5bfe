-- Metering and billing (seed 000 §1.3, §2.1-2.5): price versions with effective dates, each app's
-- account (prepaid with a balance and free units, or postpaid), a ledger of every movement, and
-- usage records priced from the version in force when they were made. Money is in integer minor
-- units (fen, cents); nothing here is floating point.

create table price_version (
    id                uuid primary key,
    service           varchar     not null check (service in ('image_fusion', 'video_fusion_second')),
    unit_price_minor  bigint      not null check (unit_price_minor >= 0),
    currency          varchar     not null check (currency ~ '^[A-Z]{3}$'),
    effective_from    timestamptz not null,
    created_by        varchar     not null,
    created_at        timestamptz not null,
    unique (service, effective_from)
);

create table billing_account (
    app_id         uuid primary key,
    mode           varchar     not null check (mode in ('prepaid', 'postpaid')),
    balance_minor  bigint      not null check (balance_minor >= 0),
    free_units     integer     not null check (free_units >= 0),
    arrears_since  timestamptz,
    updated_at     timestamptz not null
);

create table balance_entry (
    id            uuid primary key,
    app_id        uuid        not null,
    kind          varchar     not null check (kind in ('top_up', 'free_grant', 'usage', 'refund')),
    amount_minor  bigint      not null,
    units         integer     not null,
    note          varchar,
    actor         varchar     not null,
    created_at    timestamptz not null
);
create index balance_entry_app on balance_entry (app_id, created_at);

alter table usage_record add column price_version_id uuid references price_version (id);
alter table usage_record add column amount_minor bigint not null default 0;
alter table usage_record add column currency varchar;
alter table usage_record add column paid_with varchar check (paid_with in ('free_units', 'balance', 'invoice'));
