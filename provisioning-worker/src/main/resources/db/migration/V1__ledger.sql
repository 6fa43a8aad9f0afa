-- The ledger of the provisioning worker: what each WHMCS service's tenant should be (the newest event), what the
-- archive was last brought to, and every event received. Kafka consumption only records intent here; the applier
-- drives the archive from these rows.

create table service (
	service_id              bigint primary key,

	-- desired: the newest event wins (occurred_at, then event id)
	desired_status          text check (desired_status in ('active', 'suspended', 'terminated')),
	desired_type            text,
	desired_occurred_at     timestamptz,
	desired_event_id        uuid,

	-- the newest create event (its payload is in lifecycle_event): what a tenant is made from
	create_occurred_at      timestamptz,
	create_event_id         uuid,

	-- the tenant; the candidate is reserved before the create request, so that two services never race for one
	-- slug and a create whose answer was lost can be recognised as ours
	slug                    text unique,
	url                     text,
	slug_candidate          text unique,
	slug_attempt            integer not null default 0,
	create_outcome_unknown  boolean not null default false,

	-- applied: what the archive was last brought to
	applied_status          text check (applied_status in ('active', 'suspended', 'terminated')),
	applied_occurred_at     timestamptz,
	applied_event_id        uuid,
	terminated              boolean not null default false,

	-- archive work
	status                  text not null default 'idle' check (status in ('idle', 'pending', 'failed')),
	attempts                integer not null default 0,
	first_failure_at        timestamptz,
	last_failure_at         timestamptz,
	last_error              text,
	last_failure_reason     text,
	next_attempt_at         timestamptz not null default now(),

	-- the lease of the instance driving the service; archive calls happen outside any database transaction
	claimed_by              text,
	claimed_until           timestamptz,

	-- write-back of slug and URL into WHMCS, on its own schedule
	whmcs_synced            boolean not null default false,
	whmcs_attempts          integer not null default 0,
	whmcs_next_attempt_at   timestamptz not null default now(),
	whmcs_last_error        text,

	-- the compacted tenant state topic
	published_event_id      uuid,
	publish_attempts        integer not null default 0,
	publish_next_attempt_at timestamptz not null default now(),

	-- the earliest time anything about the service is due; null when there is nothing to do
	due_at                  timestamptz generated always as (least(
		case when status = 'pending' then next_attempt_at end,
		case when slug is not null and not whmcs_synced then whmcs_next_attempt_at end,
		case when slug is not null and applied_event_id is distinct from published_event_id
			then publish_next_attempt_at end)) stored,

	created_at              timestamptz not null default now(),
	updated_at              timestamptz not null default now()
);

create index service_due on service (due_at) where due_at is not null;

create table lifecycle_event (
	event_id           uuid primary key,
	service_id         bigint not null,
	type               text not null,
	occurred_at        timestamptz not null,
	-- (occurred_at, event_id) as text that sorts like the worker's versions do (see VersionKey)
	version_key        text collate "C" not null,
	payload            bytea not null,
	headers            jsonb not null default '[]',
	source_topic       text not null,
	source_partition   integer not null,
	source_offset      bigint not null,
	source_timestamp   bigint not null,
	received_at        timestamptz not null default now(),
	deliveries         integer not null default 1,
	state              text not null check (state in ('recorded', 'applied', 'stale', 'dead_lettered')),
	state_changed_at   timestamptz not null default now()
);

create index lifecycle_event_recorded on lifecycle_event (service_id) where state = 'recorded';
create index lifecycle_event_service on lifecycle_event (service_id, occurred_at);
