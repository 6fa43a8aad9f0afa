package io.emabridge.provisioning.ledger;

import java.time.Instant;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.ServiceCreated;

/**
 * One service of the ledger as the applier sees it when it claims the service.
 *
 * @param serviceId the WHMCS service id
 * @param desiredStatus what the newest event asks for
 * @param desiredType the type of that event
 * @param desiredVersion that event's version
 * @param createEvent the newest create event: what a tenant is made from; {@code null}
 * until one arrived
 * @param slug the tenant's slug once it exists (created or adopted)
 * @param url the tenant's access URL once it exists
 * @param slugCandidate the slug reserved for the create request in progress
 * @param slugAttempt how many slugs were given up before the candidate
 * @param createOutcomeUnknown a create request with the candidate was sent and no
 * definite answer recorded: if the archive now calls the slug taken, the tenant may well
 * be ours
 * @param appliedStatus what the archive was last brought to, {@code null} before the
 * tenant exists
 * @param appliedVersion the version of the event that was
 * @param status where the service stands with the archive
 * @param attempts failed attempts since the last success
 * @param firstFailureAt the first of those failures
 * @param nextAttemptAt when archive work is due
 * @param whmcsSynced whether WHMCS has the slug and URL
 * @param whmcsAttempts failed write-backs since the last success
 * @param whmcsNextAttemptAt when the write-back is due
 * @param publishedEventId the applied version last published to the tenant state topic
 * @param publishAttempts failed publications since the last success
 * @param publishNextAttemptAt when the publication is due
 * @param claim the claim this record was read under: the fencing token every write names
 * @param claimedUntil when that claim's lease runs out, as the ledger last renewed it
 * @param ownerEvidence why the tenant in {@code slug} is this service's ({@code created},
 * {@code lost_answer_match}, {@code adopted_import}, {@code adopted_operator});
 * {@code null} without a tenant
 * @param candidateSentAt when the first create request with the candidate was sent: a
 * tenant created before that is not this service's
 * @param firstSeenAt when the ledger first heard of the service
 * @param waitingNoticed whether the WHMCS notice about a create that never came was
 * opened
 * @param errorAttempts unexpected failures in a row (a bug, the database): the back-off
 * after the next one
 * @param deadLettersUnpublished dead letters recorded and not yet on the dead-letter
 * topic
 * @param deadLetterAttempts failed publications of those
 * @param deadLetterNextAttemptAt when to publish them again
 * @param serverId the WHMCS server whose reseller account holds the service's tenant:
 * from its create event, fixed once the tenant exists; {@code null} when none is known
 * (the default account)
 */
public record ServiceRecord(long serviceId, ServiceStatus desiredStatus, EventType desiredType,
		EventVersion desiredVersion, ServiceCreated createEvent, String slug, String url, String slugCandidate,
		int slugAttempt, boolean createOutcomeUnknown, ServiceStatus appliedStatus, EventVersion appliedVersion,
		WorkStatus status, int attempts, Instant firstFailureAt, Instant nextAttemptAt, boolean whmcsSynced,
		int whmcsAttempts, Instant whmcsNextAttemptAt, java.util.UUID publishedEventId, int publishAttempts,
		Instant publishNextAttemptAt, Claim claim, Instant claimedUntil, String ownerEvidence, Instant candidateSentAt,
		Instant firstSeenAt, boolean waitingNoticed, int errorAttempts, boolean deadLettersUnpublished,
		int deadLetterAttempts, Instant deadLetterNextAttemptAt, Long serverId) {

	public boolean hasTenant() {
		return this.slug != null;
	}

	/**
	 * Archive work is due: the archive lags behind the newest event and the back-off has
	 * passed.
	 */
	public boolean archiveDue(Instant now) {
		return this.status == WorkStatus.PENDING && !this.nextAttemptAt.isAfter(now);
	}

	public boolean whmcsDue(Instant now) {
		return hasTenant() && !this.whmcsSynced && !this.whmcsNextAttemptAt.isAfter(now);
	}

	/** Dead letters were recorded but are not on the dead-letter topic yet. */
	public boolean deadLettersDue(Instant now) {
		return this.deadLettersUnpublished && !this.deadLetterNextAttemptAt.isAfter(now);
	}

	public boolean publishDue(Instant now) {
		return hasTenant() && this.appliedVersion != null
				&& !this.appliedVersion.eventId().equals(this.publishedEventId)
				&& !this.publishNextAttemptAt.isAfter(now);
	}
}
