-- The public routes (label inspection, reports) have no app to count against: one token bucket per
-- client address, as the function URL reports it. Buckets idle long enough to be full again are
-- swept (a full bucket and no bucket admit alike).
create table public_rate_bucket (
    client         text primary key,
    tokens         double precision not null,
    refilled_at    timestamptz      not null,
    last_admitted  boolean          not null
);
