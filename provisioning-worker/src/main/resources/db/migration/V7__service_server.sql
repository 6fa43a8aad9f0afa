-- Several reseller accounts: the WHMCS server whose account holds the service's tenant (from its create event; fixed
-- once the tenant exists), so that the applier calls that account and skips services of an account that is
-- unavailable. Null: not known (rows from before, services without a create yet), the default account.
alter table service add column server_id bigint;
