-- Welcome e-mails (sent once per service) and the failures WHMCS's Module Log reads.

-- The welcome e-mail that carries the tenant's URL: sent once per service with a WHMCS e-mail template (SendEmail),
-- after the slug and URL were written back. The row is the record that it is due, under way, sent, or that its
-- outcome is unknown; its primary key makes "once per service" a constraint rather than a hope.
create table welcome_email (
	service_id          bigint primary key,
	slug                text not null,
	url                 text not null,
	-- due: to send; sending: a SendEmail was (or is about to be) sent and its answer is not recorded yet;
	-- sent: WHMCS said success; unknown: the request went out and no answer came (a timeout, a dropped connection,
	-- a worker that died mid-call), so it may have been sent: never sent again by the worker; skipped: no template was
	-- configured when it became due, or the service existed before this table
	state               text not null default 'due'
		check (state in ('due', 'sending', 'sent', 'unknown', 'skipped')),
	template            text,
	attempts            integer not null default 0,
	next_attempt_at     timestamptz not null default now(),
	last_error          text,
	sending_started_at  timestamptz,
	finished_at         timestamptz,
	claimed_by          text,
	claimed_until       timestamptz,
	created_at          timestamptz not null default now(),
	updated_at          timestamptz not null default now()
);

create index welcome_email_due on welcome_email (next_attempt_at) where state = 'due';
-- a SendEmail under way whose worker may have died: its lease tells
create index welcome_email_sending on welcome_email (claimed_until) where state = 'sending';

-- Services that existed before: their customers had their welcome e-mail long ago (from the inline module, or an
-- empty one), so none is sent now.
insert into welcome_email (service_id, slug, url, state, finished_at, last_error)
	select service_id, slug, coalesce(url, ''), 'skipped', now(), 'the service existed before welcome e-mails were sent'
	from service where slug is not null;

-- A welcome e-mail becomes due in the very transaction that records the write-back of a tenant this service created
-- (evidence created or lost_answer_match; an adopted tenant is an existing customer's), whichever statement of the
-- ledger records it. A later write-back of the same service (a drift fix) finds the row and adds nothing.
create function welcome_email_due() returns trigger language plpgsql as $$
begin
	insert into welcome_email (service_id, slug, url) values (new.service_id, new.slug, coalesce(new.url, ''))
		on conflict (service_id) do nothing;
	return null;
end
$$;

create trigger service_welcome_email_due after update of whmcs_synced on service for each row
	when (new.whmcs_synced and not old.whmcs_synced and new.slug is not null
		and new.owner_evidence in ('created', 'lost_answer_match'))
	execute function welcome_email_due();

-- Failures for WHMCS's Module Log: every dead letter the applier records (a row of dead_letter_outbox, which is
-- deleted once published) is kept here with its event and the archive's answer, for the module's cron hook to read
-- from the signed GET /api/failures. The cursor is (recorded_xid, failure_id): only rows of transactions older than
-- every transaction still running are served, so that a failure committed late is never passed over.
create table failure_log (
	failure_id     bigserial primary key,
	recorded_xid   xid8 not null default pg_current_xact_id(),
	service_id     bigint not null,
	event_id       uuid not null,
	event_type     text not null,
	payload        bytea,
	reason         text not null,
	error          text not null,
	attempts       integer not null,
	failed_at      timestamptz not null,
	created_at     timestamptz not null default now()
);
create index failure_log_cursor on failure_log (recorded_xid, failure_id);

create function failure_log_record() returns trigger language plpgsql as $$
begin
	insert into failure_log (service_id, event_id, event_type, payload, reason, error, attempts, failed_at)
		select new.service_id, new.event_id, e.type, e.payload, new.reason, new.error, new.attempts,
			new.last_failure_at
		from lifecycle_event e where e.event_id = new.event_id;
	return null;
end
$$;

create trigger dead_letter_outbox_failure_log after insert on dead_letter_outbox for each row
	execute function failure_log_record();
