-- Proof of ownership, fencing tokens, back-off after unexpected errors, dead letters recorded before they are
-- published, and notices about the whole installation.

-- Fencing: every claim gets a number of its own, and every write of the applier names it, so that an instance
-- that stalled past its lease and was overtaken by another writes nothing.
create sequence service_claim_token;
alter table service add column claim_token bigint;

-- Ownership: the worker acts on the tenant in `slug` only because of this proof. 'created': this service's create
-- got a 2xx for the slug; 'lost_answer_match': a create whose answer was lost, and the tenant found under the slug
-- matches what was sent and was created after the request began; 'adopted_import': the drift reconciler adopted an
-- existing installation's service whose WHMCS Archive slug field names the tenant; 'adopted_operator': an operator
-- adopted it explicitly. A slug collision is never proof.
alter table service add column owner_evidence text
	check (owner_evidence in ('created', 'lost_answer_match', 'adopted_import', 'adopted_operator'));
alter table service add column owner_detail text;
alter table service add column owned_at timestamptz;
update service set owner_evidence = 'created', owner_detail = 'recorded before the ledger kept proof of ownership',
	owned_at = updated_at where slug is not null;
alter table service add constraint service_tenant_owned check ((slug is null) = (owner_evidence is null));
-- when the first create request with slug_candidate was sent: a tenant created before that is not ours
alter table service add column candidate_sent_at timestamptz;
-- a service waiting for its create longer than ema.worker.missing-create-after has had its WHMCS notice opened
alter table service add column waiting_noticed boolean not null default false;

-- Unexpected failures (a bug, the database, a value storage refuses): back-off like a transient failure, never a
-- hot loop. hold_until keeps the service from being claimed again before then.
alter table service add column error_attempts integer not null default 0;
alter table service add column error_stage text;
alter table service add column last_unexpected_error text;
alter table service add column hold_until timestamptz;

-- Dead letters are recorded first (with the service's failure and its WHMCS notice, in one transaction) and
-- published from here, so that a failure episode is published once, whatever fails after the recording.
create table dead_letter_outbox (
	event_id          uuid primary key references lifecycle_event (event_id),
	service_id        bigint not null,
	reason            text not null,
	error             text not null,
	attempts          integer not null,
	first_failure_at  timestamptz not null,
	last_failure_at   timestamptz not null,
	created_at        timestamptz not null default now()
);
create index dead_letter_outbox_service on dead_letter_outbox (service_id);
alter table service add column dead_letters_unpublished boolean not null default false;
alter table service add column dead_letter_attempts integer not null default 0;
alter table service add column dead_letter_next_attempt_at timestamptz not null default now();

-- Headers are kept as JSON text: PostgreSQL's jsonb refuses \u0000, and the worker must never depend on the
-- database parsing what Kafka delivered.
alter table lifecycle_event alter column headers drop default;
alter table lifecycle_event alter column headers type text using headers::text;
alter table lifecycle_event alter column headers set default '[]';

-- The earliest time anything about the service is due, now also for unpublished dead letters, and never before
-- hold_until.
drop index service_due;
alter table service drop column due_at;
alter table service add column due_at timestamptz generated always as (case when least(
		case when status = 'pending' then next_attempt_at end,
		case when slug is not null and not whmcs_synced then whmcs_next_attempt_at end,
		case when slug is not null and applied_event_id is distinct from published_event_id
			then publish_next_attempt_at end,
		case when dead_letters_unpublished then dead_letter_next_attempt_at end) is null then null
	else greatest(least(
		case when status = 'pending' then next_attempt_at end,
		case when slug is not null and not whmcs_synced then whmcs_next_attempt_at end,
		case when slug is not null and applied_event_id is distinct from published_event_id
			then publish_next_attempt_at end,
		case when dead_letters_unpublished then dead_letter_next_attempt_at end), hold_until) end) stored;
create index service_due on service (due_at) where due_at is not null;

-- Notices: service_id 0 is the installation as a whole (WHMCS service ids start at 1), for a fault of every
-- service at once, such as a revoked reseller key: one notice for the operator, not one per customer.
-- reason is free text: a dead-letter reason, 'waiting_for_create' or 'archive_key_refused'.
-- A ticket is looked up by the marker in its subject before another is opened, once an OpenTicket was sent whose
-- answer may have been lost: one ticket per failure episode.
alter table whmcs_notice add column ticket_open_started_at timestamptz;
