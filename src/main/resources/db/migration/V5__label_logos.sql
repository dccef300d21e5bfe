-- An app's own logo, drawn into labelled images where a request asks (as cloud APIs offer).
create table app_label_logo (
    app_id     uuid primary key references app (id),
    image      bytea       not null,
    updated_at timestamptz not null
);
