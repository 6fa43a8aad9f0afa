-- A snapshot counts as delivered only once WHMCS holds its figures, as whmcs_usage records them per service (written,
-- or found there already). No second copy of that is kept: the collector compares a tenant's last published figures
-- with what its services hold, and publishes again the unchanged figures that WHMCS does not hold (the writer gave up
-- on them, or never wrote them). A run counts those apart from the changed ones.
alter table collection_run add column resent integer not null default 0;

comment on table usage_snapshot is 'The figures last published per tenant: what the next run compares with (delivered when every service of the tenant holds them in whmcs_usage), and what the usage endpoint serves.';
comment on column collection_run.resent is 'Tenants whose figures did not change but were published again because WHMCS did not hold them.';
