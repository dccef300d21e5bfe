-- Idempotency keys on fusion requests: a retried request with the same key gets the first answer
-- and is billed once. The answer (without the image, which is in the media store) is kept a day.

create table idempotency_key (
    app_id        uuid        not null,
    key           varchar     not null,
    request_hash  varchar     not null,
    fusion_id     uuid,
    response      text,
    created_at    timestamptz not null,
    primary key (app_id, key)
);
create index idempotency_key_created on idempotency_key (created_at);
