-- The instances that share a reseller key's archive rate (ema.archive.rate-limit.shared): each stamps its row with
-- the database's clock every ema.archive.rate-limit.share-interval and takes its part of the rate from the rows
-- that are recent. Tiny: one row per running instance and key.
create table archive_quota_member (
    key_tag     text        not null,
    instance_id text        not null,
    seen_at     timestamptz not null,
    primary key (key_tag, instance_id)
);
