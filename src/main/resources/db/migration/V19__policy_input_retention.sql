-- How long moderation keeps an app's inputs (the images waiting for review), per app.
alter table moderation_policy add column input_retention_hours integer not null default 24
    check (input_retention_hours between 1 and 720);
