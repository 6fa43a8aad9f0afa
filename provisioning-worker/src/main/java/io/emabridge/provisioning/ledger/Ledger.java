package io.emabridge.provisioning.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.provisioning.failure.DeadLetterReason;

/**
 * The worker's durable memory: events received, per service what it should be and what
 * the archive was brought to.
 * <p>
 * The listener {@link #record records} batches of events. The applier {@link #claimDue
 * claims} due services with a lease, calls the archive outside any transaction, and
 * writes each step back; every write after the claim names the claiming instance and
 * fails with {@link LeaseLostException} when the lease was lost, and renews it otherwise.
 */
public interface Ledger {

	/**
	 * Records a batch in one transaction: locks the batch's services, asks
	 * {@code decider} what changes and writes that.
	 */
	RecordingPlan record(List<IncomingEvent> batch, Decider decider);

	/**
	 * Claims up to {@code limit} services that are due, for {@code worker}, oldest due
	 * first.
	 */
	List<ServiceRecord> claimDue(String worker, int limit, Instant now);

	/**
	 * Reserves a slug for the create request of a service and marks the request as sent
	 * (its outcome unknown until recorded).
	 * @return false when another service holds the slug
	 */
	boolean reserveCandidate(long serviceId, String worker, String candidate, int attempt, Instant now);

	/**
	 * Records the tenant of a service, created or adopted; the WHMCS write-back becomes
	 * due unless disabled.
	 */
	ServiceRecord recordTenant(long serviceId, String worker, NewTenant tenant, Instant now);

	/**
	 * Records that the archive reached {@code status} of version {@code target}, the
	 * tenant if it was created or adopted on the way, and what the follow-up work for
	 * that state came to: the service's recorded events up to that version become
	 * applied. The service is idle and released unless a newer event arrived meanwhile;
	 * then it stays claimed and due. A WHMCS notice open for the service is resolved in
	 * the same write.
	 */
	Applied markApplied(long serviceId, String worker, EventVersion target, ServiceStatus status, NewTenant tenant,
			Followups followups, Instant now);

	/**
	 * Records a transient failure; the archive work is due again at
	 * {@code nextAttemptAt}.
	 */
	ServiceRecord markRetry(long serviceId, String worker, EventVersion target, String error, Instant now,
			Instant nextAttemptAt);

	/**
	 * The service has no create event yet: look at it again at {@code nextCheck} (or when
	 * one arrives).
	 */
	ServiceRecord waitForCreate(long serviceId, String worker, Instant nextCheck, Instant now);

	/** The service's events in state recorded, oldest first. */
	List<StoredEvent> recordedEvents(long serviceId);

	/**
	 * Records that the events were dead-lettered; the service is failed unless a newer
	 * event arrived meanwhile. In the same transaction, the service's WHMCS notice is
	 * opened, or the one still open counts one more failure.
	 */
	ServiceRecord markDeadLettered(long serviceId, String worker, EventVersion target, List<UUID> eventIds,
			DeadLetterReason reason, String error, Instant now);

	/**
	 * Gives the claim up, recording what the WHMCS write-back and the tenant state
	 * publication came to; whatever is still due is claimed again when its time comes.
	 */
	void release(long serviceId, String worker, Followups followups, Instant now);

	/**
	 * Decides, in plain Java, what a batch changes given the locked service rows and the
	 * events seen before.
	 */
	@FunctionalInterface
	interface Decider {

		RecordingPlan decide(List<IncomingEvent> batch, Map<Long, ServiceDesired> services,
				Map<UUID, EventState> known);

	}

	/**
	 * A tenant that now exists for a service.
	 *
	 * @param writeBack whether its slug and URL are to be written back into WHMCS
	 */
	record NewTenant(String slug, String url, boolean writeBack) {
	}

	/**
	 * The outcome of the follow-up work, {@code null} where none was tried.
	 *
	 * @param whmcsSynced whether the write-back succeeded
	 * @param whmcsError why it failed
	 * @param whmcsNextAttemptAt when to try it again after a failure
	 * @param publishedEventId the applied version that was published to the tenant state
	 * topic
	 * @param publishNextAttemptAt when to publish again after a failure
	 */
	record Followups(Boolean whmcsSynced, String whmcsError, Instant whmcsNextAttemptAt, UUID publishedEventId,
			Instant publishNextAttemptAt) {

		public static Followups none() {
			return new Followups(null, null, null, null, null);
		}

		public Followups withWhmcsSynced() {
			return new Followups(true, null, null, this.publishedEventId, this.publishNextAttemptAt);
		}

		public Followups withWhmcsFailed(String error, Instant nextAttemptAt) {
			return new Followups(false, error, nextAttemptAt, this.publishedEventId, this.publishNextAttemptAt);
		}

		public Followups withPublished(UUID eventId) {
			return new Followups(this.whmcsSynced, this.whmcsError, this.whmcsNextAttemptAt, eventId, null);
		}

		public Followups withPublishFailed(Instant nextAttemptAt) {
			return new Followups(this.whmcsSynced, this.whmcsError, this.whmcsNextAttemptAt, null, nextAttemptAt);
		}
	}

	/**
	 * The service after an applied step, and the types of the events that became applied
	 * with it.
	 */
	record Applied(ServiceRecord service, List<EventType> appliedEvents) {
	}

}
