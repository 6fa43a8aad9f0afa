package io.emabridge.provisioning.notices;

import java.time.Instant;
import java.util.List;

/**
 * The notices in the ledger, as the notifier drives them. Every write after the claim
 * names the claiming instance and returns false when the claim was lost meanwhile
 * (another instance took the notice over after the lease).
 */
interface NoticeStore {

	/**
	 * Claims up to {@code limit} notices with something to send, for {@code worker},
	 * oldest due first.
	 */
	List<Notice> claimDue(String worker, int limit, Instant now);

	/**
	 * The ticket (or the note) now knows of {@code failures} failures; the ticket is
	 * recorded once opened.
	 */
	boolean failuresTold(long noticeId, String worker, int failures, Long ticketId, String ticketNumber, Instant now);

	/**
	 * An {@code OpenTicket} is about to be sent for the notice: recorded first, so that a
	 * retry after a lost answer looks for the ticket before opening another.
	 */
	boolean ticketOpening(long noticeId, String worker, Instant now);

	/** The activity log now knows of {@code failures} failures. */
	boolean failuresLogged(long noticeId, String worker, int failures, Instant now);

	boolean recoveryTold(long noticeId, String worker, Instant now);

	boolean recoveryLogged(long noticeId, String worker, Instant now);

	/** WHMCS refused a step for good: the step was given up, and this is why. */
	void rejected(long noticeId, String worker, String error, Instant now);

	/**
	 * WHMCS could not be reached, or failed for now: try again at {@code nextAttemptAt},
	 * and give the claim up.
	 */
	void retry(long noticeId, String worker, String error, Instant nextAttemptAt, Instant now);

	/** Gives the claim up after every step went through. */
	void release(long noticeId, String worker, Instant now);

}
