package io.emabridge.provisioning.drift;

import java.time.Instant;

/**
 * One row of the ledger's {@code service} table, as the reconciler compares it.
 *
 * @param serviceId the WHMCS service id
 * @param desiredStatus what the newest event asks for ({@code active}, {@code suspended},
 * {@code terminated}), {@code null} before any event
 * @param appliedStatus what the archive was last brought to, {@code null} before the
 * tenant exists
 * @param slug the tenant's slug once it exists
 * @param slugCandidate the slug reserved for a create in progress
 * @param work {@code idle}, {@code pending} or {@code failed}
 * @param hasCreateEvent whether a create event is stored
 * @param whmcsSynced whether WHMCS was given the slug and URL
 * @param lastFailureReason why the service was dead-lettered or last failed
 * @param firstSeenAt when the ledger first heard of the service
 */
record LedgerServiceView(long serviceId, String desiredStatus, String appliedStatus, String slug, String slugCandidate,
		String work, boolean hasCreateEvent, boolean whmcsSynced, String lastFailureReason, Instant firstSeenAt) {

	static final String PENDING = "pending";

	static final String FAILED = "failed";

	/** {@code desired/applied/work}, as reports show it. */
	String summary() {
		return "desired=" + this.desiredStatus + " applied=" + this.appliedStatus + " work=" + this.work;
	}

	/**
	 * The ledger owns no tenant for the service and is not making one: no tenant, no
	 * create event, no slug reserved. At most it holds events that wait for a create.
	 */
	boolean untracked() {
		return this.slug == null && !this.hasCreateEvent && this.slugCandidate == null;
	}

	/** Untracked and holding events: the applier waits for a create to apply them. */
	boolean waitingForCreate() {
		return untracked() && this.desiredStatus != null && !FAILED.equals(this.work);
	}

}
