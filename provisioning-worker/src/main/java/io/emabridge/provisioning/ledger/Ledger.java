package io.emabridge.provisioning.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.failure.DeadLetter;

/**
 * The worker's durable memory: events received, per service what it should be, what the
 * archive was brought to, and why its tenant is its own.
 * <p>
 * The listener {@link #record records} batches of events. The applier {@link #claimDue
 * claims} due services with a lease and a fencing token ({@link Claim}), calls the
 * archive outside any transaction, and writes each step back; every write after the claim
 * names the token, fails with {@link LeaseLostException} once another claim replaced it,
 * and renews the lease otherwise.
 */
public interface Ledger {

	/**
	 * Records a batch in one transaction: locks the batch's services, asks
	 * {@code decider} what changes and writes that.
	 */
	RecordingPlan record(List<IncomingEvent> batch, Decider decider);

	/**
	 * Claims up to {@code limit} services that are due, for {@code worker}, oldest due
	 * first, each with a fencing token of its own.
	 */
	default List<ServiceRecord> claimDue(String worker, int limit, Instant now) {
		return claimDue(worker, limit, now, ClaimScope.all());
	}

	/**
	 * Claims up to {@code limit} due services within {@code scope} (the reseller accounts
	 * available now), as {@link #claimDue(String, int, Instant)} does.
	 */
	List<ServiceRecord> claimDue(String worker, int limit, Instant now, ClaimScope scope);

	/**
	 * Renews the claim's lease.
	 * @return the new end of the lease
	 * @throws LeaseLostException when another claim replaced this one
	 */
	Instant renew(Claim claim, Instant now);

	/**
	 * Reserves a slug for the create request of a service and marks the request as sent
	 * at {@code now} (its outcome unknown until recorded).
	 * @return the new end of the lease; empty when another service holds the slug
	 */
	Optional<Instant> reserveCandidate(Claim claim, String candidate, int attempt, Instant now);

	/**
	 * Records the tenant of a service, with the proof that it is the service's own; the
	 * WHMCS write-back becomes due unless disabled.
	 */
	ServiceRecord recordTenant(Claim claim, NewTenant tenant, Instant now);

	/**
	 * Records that the archive reached {@code status} of version {@code target}, the
	 * tenant if it was created or adopted on the way, and what the WHMCS write-back came
	 * to: the service's recorded events up to that version become applied, and a WHMCS
	 * notice open for the service is resolved in the same write. The claim is kept: the
	 * tenant state is published next, and only then is the claim released. If a newer
	 * event arrived meanwhile the service stays pending.
	 */
	Applied markApplied(Claim claim, EventVersion target, ServiceStatus status, NewTenant tenant, Followups followups,
			Instant now);

	/**
	 * Records a transient failure; the archive work is due again at
	 * {@code nextAttemptAt}.
	 */
	ServiceRecord markRetry(Claim claim, EventVersion target, String error, Instant now, Instant nextAttemptAt);

	/**
	 * The service has no create event yet: look at it again at {@code nextCheck} (or when
	 * one arrives). With {@code notice}, the WHMCS notice about a create that never came
	 * is opened in the same transaction.
	 */
	ServiceRecord waitForCreate(Claim claim, Instant nextCheck, boolean notice, Instant now);

	/** The service's events in state recorded, oldest first. */
	List<StoredEvent> recordedEvents(long serviceId);

	/**
	 * Records, in one transaction, that the events are dead-lettered: their dead letters
	 * wait in the ledger to be published ({@link #unpublishedDeadLetters}), the service
	 * is failed unless a newer event arrived meanwhile, and its WHMCS notice is opened,
	 * or the one still open counts one more failure.
	 * @param clientId the service's WHMCS client, for the notice; {@code null} when
	 * unknown
	 */
	ServiceRecord markDeadLettered(Claim claim, EventVersion target, List<UUID> eventIds, DeadLetter letter,
			Long clientId, Instant now);

	/** The service's recorded dead letters not yet on the topic, oldest first. */
	List<PendingDeadLetter> unpublishedDeadLetters(long serviceId);

	/**
	 * Records which dead letters are on the topic now; any left are tried again at
	 * {@code nextAttemptAt}.
	 */
	ServiceRecord deadLettersPublished(Claim claim, List<UUID> published, Instant nextAttemptAt, Instant now);

	/**
	 * Gives the claim up, recording what the WHMCS write-back and the tenant state
	 * publication came to; whatever is still due is claimed again when its time comes. A
	 * pass that ends here went through: the count of unexpected failures starts again.
	 */
	void release(Claim claim, Followups followups, Instant now);

	/**
	 * Records an unexpected failure (a bug, the database, a value storage refuses) and
	 * gives the claim up: the service is not claimed again before {@code holdUntil}.
	 */
	void markError(Claim claim, String stage, String error, Instant holdUntil, Instant now);

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
	 * A tenant that is now the service's, and the proof of that.
	 *
	 * @param writeBack whether its slug and URL are to be written back into WHMCS
	 * @param proof why the tenant is the service's
	 */
	record NewTenant(String slug, String url, boolean writeBack, Ownership.Proof proof) {
	}

	/** A recorded dead letter, to be published as its event arrived. */
	record PendingDeadLetter(StoredEvent event, DeadLetter letter) {
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

		/** Only the WHMCS write-back's outcome: the publication is recorded later. */
		public Followups whmcsOnly() {
			return new Followups(this.whmcsSynced, this.whmcsError, this.whmcsNextAttemptAt, null, null);
		}
	}

	/**
	 * The service after an applied step, and the types of the events that became applied
	 * with it.
	 */
	record Applied(ServiceRecord service, List<EventType> appliedEvents) {
	}

}
