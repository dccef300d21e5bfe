-- The moderation function's tables (seed 000 §3.2(1), (4)): per-app policies, the checks it made,
-- the feature library, the review queue for people, and actions on accounts.

-- An app's own policy; an app without a row has the configured defaults.
create table moderation_policy (
    app_id          uuid primary key,
    review_from     integer     not null check (review_from between 0 and 100),
    block_from      integer     not null check (block_from between 0 and 100 and block_from >= review_from),
    min_face_pixels integer     not null check (min_face_pixels > 0),
    max_faces       integer     not null check (max_faces between 1 and 20),
    max_yaw         integer     not null check (max_yaw between 0 and 90),
    max_pitch       integer     not null check (max_pitch between 0 and 90),
    min_sharpness   integer     not null check (min_sharpness >= 0),
    minor_age       integer     not null check (minor_age between 1 and 20),
    minor_action    varchar     not null check (minor_action in ('block', 'require_guardian_consent')),
    updated_by      varchar     not null,
    updated_at      timestamptz not null
);

-- Every check made: its verdicts, never the image (only its SHA-256).
create table moderation_check (
    id             uuid primary key,
    app_id         uuid        not null,
    subject_id     varchar,
    role           varchar     not null check (role in ('user_photo', 'template', 'output')),
    content_sha256 varchar     not null,
    content_id     varchar,
    template_id    uuid,
    verdict        varchar     not null check (verdict in ('pass', 'review', 'block')),
    score          integer     not null,
    reason         varchar     not null,
    result         text        not null,
    created_at     timestamptz not null
);
create index moderation_check_app on moderation_check (app_id, created_at);
create index moderation_check_subject on moderation_check (app_id, subject_id, created_at);

-- The feature library (特征库): faces as embeddings (1024 int8 values of the unit vector), images as
-- 64-bit perceptual hashes (and that of the mirror image). Entries are never deleted, only retired,
-- so who added and who removed what stays on record.
create table feature_entry (
    id             uuid primary key,
    kind           varchar          not null check (kind in ('face', 'image')),
    category       varchar          not null check (category in ('protected_public_figure', 'banned_person',
                                                                 'victim_protection', 'illegal_content',
                                                                 'harmful_content')),
    label          varchar          not null,
    embedding      bytea,
    phash          bigint,
    phash_mirror   bigint,
    threshold      double precision not null,
    reason         varchar          not null,
    added_by       varchar          not null,
    added_at       timestamptz      not null,
    retired_by     varchar,
    retired_at     timestamptz,
    retire_reason  varchar,
    check ((kind = 'face' and embedding is not null) or (kind = 'image' and phash is not null))
);
-- Bumped on every change, so each instance can tell cheaply whether its in-memory index is stale.
create sequence feature_library_version;

-- Work for people: every review verdict and a sample of passes. The image is kept for the reviewer
-- and dropped once decided.
create table review_task (
    id           uuid primary key,
    check_id     uuid        not null references moderation_check (id),
    app_id       uuid        not null,
    role         varchar     not null,
    content_id   varchar,
    template_id  uuid,
    sampled      boolean     not null,
    status       varchar     not null check (status in ('open', 'claimed', 'decided')),
    media        bytea,
    media_type   varchar,
    claimed_by   varchar,
    claimed_at   timestamptz,
    decision     varchar check (decision in ('pass', 'block', 'escalate')),
    decided_by   varchar,
    decided_at   timestamptz,
    note         varchar,
    created_at   timestamptz not null
);
create index review_task_status on review_task (status, created_at);

-- Actions on apps and subjects: automatic (warning, restriction, suspension after repeated blocks)
-- and by operators (freeze, unfreeze). A subject's standing is its latest action.
create table account_action (
    id          uuid primary key,
    app_id      uuid        not null,
    subject_id  varchar,
    action      varchar     not null check (action in ('warning', 'restriction', 'suspension', 'freeze', 'unfreeze')),
    reason      varchar     not null,
    actor       varchar     not null,
    check_id    uuid,
    at          timestamptz not null
);
create index account_action_target on account_action (app_id, subject_id, at);
