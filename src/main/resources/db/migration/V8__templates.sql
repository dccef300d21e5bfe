-- Templates ("materials"): an app's images that users' faces are fused into. The image itself is
-- in the media store; each face's landmarks and colour statistics are computed once, here.

create table template (
    id              uuid primary key,
    app_id          uuid        not null,
    name            varchar     not null,
    status          varchar     not null check (status in ('pending', 'approved', 'rejected')),
    status_reason   varchar,
    width           integer     not null,
    height          integer     not null,
    media_type      varchar     not null,
    media_key       varchar,
    face_degree     integer     not null check (face_degree between 0 and 100),
    profile_degree  integer     not null check (profile_degree between 0 and 100),
    check_id        uuid,
    review_task_id  uuid,
    created_at      timestamptz not null,
    decided_at      timestamptz
);
create index template_app on template (app_id, created_at);

create table template_face (
    template_id  uuid             not null references template (id) on delete cascade,
    face_id      integer          not null,
    x            integer          not null,
    y            integer          not null,
    width        integer          not null,
    height       integer          not null,
    usable       boolean          not null,
    problem      varchar,
    -- 468 FaceMesh landmarks, x y z as little-endian float32, in the template's pixels
    landmarks    bytea,
    -- mean and standard deviation of the face's skin in CIE L*a*b*
    mean_l       double precision,
    mean_a       double precision,
    mean_b       double precision,
    sd_l         double precision,
    sd_a         double precision,
    sd_b         double precision,
    primary key (template_id, face_id)
);
