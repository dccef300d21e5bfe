-- Whether an operator allowed an app to omit the visible label (GB 45438 allows it only with the
-- provider's approval), with who allowed it and why.
alter table app add column visible_label_optional boolean not null default false;
alter table app add column visible_label_optional_reason varchar;
