package io.emabridge.provisioning.applier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.EventState;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.LeaseLostException;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.RecordingPlan;
import io.emabridge.provisioning.ledger.ServiceDesired;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.ledger.StoredEvent;
import io.emabridge.provisioning.ledger.WorkStatus;

/**
 * The ledger's semantics in memory, for testing the reconciler without a database: the
 * same guarded updates as the JDBC ledger, single-threaded.
 */
final class InMemoryLedger implements Ledger {

	final Map<Long, Row> services = new LinkedHashMap<>();

	final Map<UUID, Stored> events = new LinkedHashMap<>();

	/** Records events as the listener would, with the real decider. */
	void receive(Instant now, LifecycleEvent... received) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : received) {
			batch.add(io.emabridge.provisioning.support.Events.incoming(event, this.events.size()));
		}
		record(batch, new io.emabridge.provisioning.lifecycle.EventRecorder(), now);
	}

	RecordingPlan record(List<IncomingEvent> batch, Decider decider, Instant now) {
		Map<Long, ServiceDesired> desired = new HashMap<>();
		Map<UUID, EventState> known = new HashMap<>();
		for (IncomingEvent incoming : batch) {
			Row row = this.services.computeIfAbsent(incoming.event().serviceId(), Row::new);
			desired.put(row.id, new ServiceDesired(row.id, row.desiredVersion, row.createVersion, row.status,
					row.lastFailureReason));
			Stored stored = this.events.get(incoming.event().eventId());
			if (stored != null) {
				known.put(incoming.event().eventId(), stored.state);
			}
		}
		RecordingPlan plan = decider.decide(batch, desired, known);
		for (RecordingPlan.NewEvent added : plan.newEvents()) {
			this.events.putIfAbsent(added.event().event().eventId(), new Stored(added.event(), added.state()));
		}
		for (UUID id : plan.rearmed()) {
			this.events.get(id).state = EventState.RECORDED;
		}
		for (RecordingPlan.ServiceChange change : plan.changes()) {
			Row row = this.services.get(change.serviceId());
			if (change.desiredVersion() != null) {
				row.desiredVersion = change.desiredVersion();
				row.desiredType = change.desiredType();
			}
			if (change.createEvent() != null) {
				row.createVersion = change.createEvent().event().version();
				row.createEvent = (ServiceCreated) change.createEvent().event();
			}
			row.status = WorkStatus.PENDING;
			row.nextAttemptAt = now;
			if (change.rearm()) {
				row.attempts = 0;
				row.firstFailureAt = null;
			}
			if (change.resetSlug()) {
				row.slugCandidate = null;
				row.slugAttempt = 0;
				row.createOutcomeUnknown = false;
			}
		}
		return plan;
	}

	@Override
	public RecordingPlan record(List<IncomingEvent> batch, Decider decider) {
		return record(batch, decider, Instant.now());
	}

	@Override
	public List<ServiceRecord> claimDue(String worker, int limit, Instant now) {
		List<ServiceRecord> claimed = new ArrayList<>();
		for (Row row : this.services.values()) {
			if (claimed.size() < limit && row.claimedBy == null && row.snapshot().archiveDue(now)
					|| claimed.size() < limit && row.claimedBy == null
							&& (row.snapshot().whmcsDue(now) || row.snapshot().publishDue(now))) {
				row.claimedBy = worker;
				claimed.add(row.snapshot());
			}
		}
		return claimed;
	}

	ServiceRecord claim(long serviceId, String worker) {
		Row row = this.services.get(serviceId);
		row.claimedBy = worker;
		return row.snapshot();
	}

	@Override
	public boolean reserveCandidate(long serviceId, String worker, String candidate, int attempt, Instant now) {
		Row row = guarded(serviceId, worker);
		boolean taken = this.services.values()
			.stream()
			.anyMatch(
					(other) -> other != row && (candidate.equals(other.slugCandidate) || candidate.equals(other.slug)));
		if (taken) {
			return false;
		}
		row.slugCandidate = candidate;
		row.slugAttempt = attempt;
		row.createOutcomeUnknown = true;
		return true;
	}

	@Override
	public ServiceRecord recordTenant(long serviceId, String worker, NewTenant tenant, Instant now) {
		Row row = guarded(serviceId, worker);
		row.slug = tenant.slug();
		row.url = tenant.url();
		row.slugCandidate = tenant.slug();
		row.createOutcomeUnknown = false;
		row.whmcsSynced = !tenant.writeBack();
		row.whmcsAttempts = 0;
		row.whmcsNextAttemptAt = now;
		return row.snapshot();
	}

	@Override
	public Applied markApplied(long serviceId, String worker, EventVersion target, ServiceStatus status,
			NewTenant tenant, Followups followups, Instant now) {
		Row row = guarded(serviceId, worker);
		if (tenant != null) {
			recordTenant(serviceId, worker, tenant, now);
		}
		List<EventType> types = new ArrayList<>();
		for (Stored stored : this.events.values()) {
			LifecycleEvent event = stored.incoming.event();
			if (event.serviceId() == serviceId && stored.state == EventState.RECORDED
					&& !event.version().isNewerThan(target)) {
				stored.state = EventState.APPLIED;
				types.add(event.type());
			}
		}
		row.appliedStatus = status;
		row.appliedVersion = target;
		row.status = target.equals(row.desiredVersion) ? WorkStatus.IDLE : WorkStatus.PENDING;
		row.nextAttemptAt = now;
		row.attempts = 0;
		row.firstFailureAt = null;
		row.publishAttempts = 0;
		row.publishNextAttemptAt = now;
		apply(row, followups);
		if (row.status == WorkStatus.IDLE) {
			row.claimedBy = null;
		}
		return new Applied(row.snapshot(), types);
	}

	@Override
	public ServiceRecord markRetry(long serviceId, String worker, EventVersion target, String error, Instant now,
			Instant nextAttemptAt) {
		Row row = guarded(serviceId, worker);
		row.attempts++;
		row.firstFailureAt = (row.firstFailureAt != null) ? row.firstFailureAt : now;
		row.lastError = error;
		row.nextAttemptAt = target.equals(row.desiredVersion) ? nextAttemptAt : now;
		return row.snapshot();
	}

	@Override
	public ServiceRecord waitForCreate(long serviceId, String worker, Instant nextCheck, Instant now) {
		Row row = guarded(serviceId, worker);
		row.nextAttemptAt = (row.createEvent == null) ? nextCheck : now;
		return row.snapshot();
	}

	@Override
	public List<StoredEvent> recordedEvents(long serviceId) {
		return this.events.values()
			.stream()
			.filter((s) -> s.incoming.event().serviceId() == serviceId && s.state == EventState.RECORDED)
			.sorted(Comparator.comparing((Stored s) -> s.incoming.event().version()))
			.map((s) -> new StoredEvent(s.incoming.event().version(), serviceId, s.incoming.event().type(),
					s.incoming.raw(), s.incoming.headers(), s.incoming.source()))
			.toList();
	}

	@Override
	public ServiceRecord markDeadLettered(long serviceId, String worker, EventVersion target, List<UUID> eventIds,
			DeadLetterReason reason, String error, Instant now) {
		Row row = guarded(serviceId, worker);
		for (UUID id : eventIds) {
			this.events.get(id).state = EventState.DEAD_LETTERED;
		}
		row.attempts++;
		row.firstFailureAt = (row.firstFailureAt != null) ? row.firstFailureAt : now;
		row.lastError = error;
		row.lastFailureReason = reason;
		row.nextAttemptAt = now;
		row.status = target.equals(row.desiredVersion) ? WorkStatus.FAILED : WorkStatus.PENDING;
		return row.snapshot();
	}

	@Override
	public void release(long serviceId, String worker, Followups followups, Instant now) {
		Row row = this.services.get(serviceId);
		if (!worker.equals(row.claimedBy)) {
			return;
		}
		row.claimedBy = null;
		apply(row, followups);
	}

	private static void apply(Row row, Followups followups) {
		if (Boolean.TRUE.equals(followups.whmcsSynced())) {
			row.whmcsSynced = true;
			row.whmcsAttempts = 0;
		}
		else if (Boolean.FALSE.equals(followups.whmcsSynced())) {
			row.whmcsAttempts++;
			row.whmcsNextAttemptAt = followups.whmcsNextAttemptAt();
		}
		if (followups.publishedEventId() != null) {
			row.publishedEventId = followups.publishedEventId();
			row.publishAttempts = 0;
		}
		else if (followups.publishNextAttemptAt() != null) {
			row.publishAttempts++;
			row.publishNextAttemptAt = followups.publishNextAttemptAt();
		}
	}

	Row row(long serviceId) {
		return this.services.get(serviceId);
	}

	EventState state(UUID eventId) {
		return this.events.get(eventId).state;
	}

	private Row guarded(long serviceId, String worker) {
		Row row = this.services.get(serviceId);
		if (row == null || !worker.equals(row.claimedBy)) {
			throw new LeaseLostException(serviceId);
		}
		return row;
	}

	static final class Stored {

		final IncomingEvent incoming;

		EventState state;

		Stored(IncomingEvent incoming, EventState state) {
			this.incoming = incoming;
			this.state = state;
		}

	}

	/** A service row. */
	static final class Row {

		final long id;

		EventVersion desiredVersion;

		EventType desiredType;

		EventVersion createVersion;

		ServiceCreated createEvent;

		String slug;

		String url;

		String slugCandidate;

		int slugAttempt;

		boolean createOutcomeUnknown;

		ServiceStatus appliedStatus;

		EventVersion appliedVersion;

		WorkStatus status = WorkStatus.IDLE;

		int attempts;

		Instant firstFailureAt;

		String lastError;

		DeadLetterReason lastFailureReason;

		Instant nextAttemptAt = Instant.EPOCH;

		String claimedBy;

		boolean whmcsSynced;

		int whmcsAttempts;

		Instant whmcsNextAttemptAt = Instant.EPOCH;

		UUID publishedEventId;

		int publishAttempts;

		Instant publishNextAttemptAt = Instant.EPOCH;

		Row(long id) {
			this.id = id;
		}

		ServiceRecord snapshot() {
			return new ServiceRecord(this.id, (this.desiredType != null) ? ServiceStatus.of(this.desiredType) : null,
					this.desiredType, this.desiredVersion, (this.slug == null) ? this.createEvent : null, this.slug,
					this.url, this.slugCandidate, this.slugAttempt, this.createOutcomeUnknown, this.appliedStatus,
					this.appliedVersion, this.status, this.attempts, this.firstFailureAt, this.nextAttemptAt,
					this.whmcsSynced, this.whmcsAttempts, this.whmcsNextAttemptAt, this.publishedEventId,
					this.publishAttempts, this.publishNextAttemptAt);
		}

	}

}
