-- Fusion results kept for an app to fetch (the image is in the media store until it expires), and
-- one usage record per billable output: what metering and billing read.

create table fusion_result (
    id           uuid primary key,
    app_id       uuid        not null,
    subject_id   varchar     not null,
    template_id  uuid        not null,
    content_id   varchar     not null,
    media_key    varchar,
    media_type   varchar     not null,
    created_at   timestamptz not null,
    expires_at   timestamptz
);
create index fusion_result_app on fusion_result (app_id, created_at);
create index fusion_result_subject on fusion_result (app_id, subject_id);

create table usage_record (
    id          uuid primary key,
    app_id      uuid        not null,
    subject_id  varchar     not null,
    fusion_id   uuid        not null unique references fusion_result (id),
    service     varchar     not null check (service in ('image_fusion')),
    units       integer     not null check (units > 0),
    created_at  timestamptz not null
);
create index usage_record_app on usage_record (app_id, created_at);
