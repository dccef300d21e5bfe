-- How long an app's stored results are kept, when an operator sets it for that app (1 to 30 days);
-- null keeps the default (facefuse.fusion.result-retention).
alter table app add column result_retention_days integer check (result_retention_days between 1 and 30);
