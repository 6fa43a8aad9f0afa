-- Each WHMCS service's tenant, materialised from the provisioning worker's tenant state topic.
create table tenant_service (
	service_id bigint primary key,
	slug text not null,
	url text,
	status text not null,
	occurred_at timestamptz not null,
	event_id uuid not null,
	updated_at timestamptz not null
);
create index tenant_service_slug on tenant_service (slug);

-- The figures last published per tenant: what the next run compares with, and what the usage endpoint serves.
create table usage_snapshot (
	slug text primary key,
	status text not null,
	active_users bigint not null,
	storage_bytes bigint not null,
	messages bigint,
	licenses bigint not null,
	collected_at timestamptz not null,
	run_id bigint not null
);

-- Collection runs. A run found "running" by the next lock holder died with its instance: it is marked abandoned.
create table collection_run (
	id bigserial primary key,
	instance_id text not null,
	trigger text not null,
	status text not null check (status in ('running', 'succeeded', 'failed', 'abandoned')),
	started_at timestamptz not null,
	finished_at timestamptz,
	pages integer not null default 0,
	tenants integer not null default 0,
	changed integer not null default 0,
	unchanged integer not null default 0,
	error text
);
-- a second guard besides the advisory lock: never two running runs
create unique index collection_run_one_running on collection_run ((true)) where status = 'running';

-- The figures last written into each WHMCS service, so that a snapshot delivered again is not written again.
create table whmcs_usage (
	service_id bigint primary key,
	slug text not null,
	disk_usage_mb bigint not null,
	active_users bigint not null,
	licenses bigint not null,
	collected_at timestamptz not null,
	written_at timestamptz not null
);

-- Snapshots of tenants that no WHMCS service is known for; re-published once a tenant state names the tenant.
create table unknown_tenant (
	slug text primary key,
	snapshot bytea not null,
	first_seen timestamptz not null,
	last_seen timestamptz not null,
	snapshots integer not null default 1
);
