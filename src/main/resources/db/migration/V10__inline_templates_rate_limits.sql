-- Apps an operator allows to send a template inline with a fusion request (it is moderated and
-- analysed on every call and never stored), and the per-second request counts that enforce each
-- app's rate limit across every instance of the fusion function.

alter table app add column inline_templates_allowed boolean not null default false;
alter table app add column inline_templates_reason varchar;
alter table fusion_result alter column template_id drop not null;

create table rate_window (
    app_id    uuid    not null,
    second    bigint  not null,
    requests  integer not null,
    primary key (app_id, second)
);
