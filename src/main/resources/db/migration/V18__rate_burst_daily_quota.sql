-- Rate limits with a burst (a token bucket per app) and a daily quota. The bucket replaces V10's
-- per-second windows; that table is no longer written (migrations here never drop anything).
alter table app add column burst integer check (burst > 0);
alter table app add column daily_quota integer check (daily_quota > 0);

create table rate_bucket (
    app_id         uuid primary key,
    tokens         double precision not null,
    refilled_at    timestamptz      not null,
    last_admitted  boolean          not null
);

create table quota_window (
    app_id    uuid    not null,
    day       date    not null,
    requests  integer not null,
    primary key (app_id, day)
);
