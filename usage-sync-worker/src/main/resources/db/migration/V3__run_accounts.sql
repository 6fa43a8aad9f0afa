-- Each archive reseller account's part of a collection run: one account failing (a revoked key, an archive that does
-- not answer) does not stop the others, and is seen, and alerted on, by itself.
create table collection_run_account (
	run_id bigint not null references collection_run (id) on delete cascade,
	-- 'default', or the id of the account's WHMCS server record
	account text not null,
	-- a short fingerprint of the account's API key, never the key
	key_fingerprint text not null,
	status text not null check (status in ('succeeded', 'failed')),
	tenants integer not null,
	error text,
	finished_at timestamptz not null,
	primary key (run_id, account)
);
create index collection_run_account_last_success on collection_run_account (account, finished_at)
	where status = 'succeeded';
