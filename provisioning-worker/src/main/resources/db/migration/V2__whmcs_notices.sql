-- What WHMCS is to be told about dead letters: one notice per failure episode of a service, opened in the transaction
-- that dead-letters its events and resolved in the one that next applies an event of it, so that a notice is never
-- lost nor doubled. The notifier sends it later, step by step, recording each step as soon as WHMCS accepted it.

create table whmcs_notice (
	notice_id          bigserial primary key,
	service_id         bigint not null,
	-- the client of the service's create event, for the activity log; null when unknown
	client_id          bigint,
	state              text not null default 'open' check (state in ('open', 'resolved')),

	-- the latest failure of the episode, and how many dead letters it counted
	reason             text not null,
	error              text not null,
	event_types        text[] not null default '{}',
	failures           integer not null default 1,
	opened_at          timestamptz not null,
	last_failure_at    timestamptz not null,

	-- what ended the episode: the status the archive reached and the event types applied with it
	resolved_at        timestamptz,
	resolved_status    text,
	resolved_events    text[],

	-- what WHMCS has been told: failures the ticket (or the admin note) and the activity log know of, the ticket
	-- once opened, and whether the recovery was answered there and logged
	failures_told      integer not null default 0,
	failures_logged    integer not null default 0,
	ticket_id          bigint,
	ticket_number      text,
	recovery_told      boolean not null default false,
	recovery_logged    boolean not null default false,

	-- sending: back-off after WHMCS failures, and the lease of the instance sending
	attempts           integer not null default 0,
	next_attempt_at    timestamptz not null default now(),
	last_error         text,
	claimed_by         text,
	claimed_until      timestamptz,

	due_at             timestamptz generated always as (case when failures_told < failures
		or failures_logged < failures or (state = 'resolved' and not (recovery_told and recovery_logged))
		then next_attempt_at end) stored,

	created_at         timestamptz not null default now(),
	updated_at         timestamptz not null default now()
);

-- at most one open episode per service: a second dead letter joins it instead of opening another ticket
create unique index whmcs_notice_open on whmcs_notice (service_id) where state = 'open';
create index whmcs_notice_due on whmcs_notice (due_at) where due_at is not null;
