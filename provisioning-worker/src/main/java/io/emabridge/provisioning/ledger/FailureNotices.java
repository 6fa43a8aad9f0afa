package io.emabridge.provisioning.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.emabridge.provisioning.failure.DeadLetterReason;

/**
 * What the ledger's writes mean for the WHMCS notices of a service, written by the
 * notices' owner inside the ledger's own transaction (or statement), so that a failure is
 * never recorded without its notice and a recovery never without resolving it. The ledger
 * knows nothing of the notices' tables.
 */
public interface FailureNotices {

	/** Notices off: the ledger's writes open and resolve nothing. */
	FailureNotices NONE = new FailureNotices() {

		@Override
		public void deadLettered(long serviceId, Long clientId, List<UUID> eventIds, DeadLetterReason reason,
				String error, Instant now) {
		}

		@Override
		public void waitingForCreate(long serviceId, Instant now) {
		}

		@Override
		public String resolveOnApplied() {
			return "";
		}

	};

	/**
	 * Events of the service were dead-lettered (in the ledger's transaction): open its
	 * notice, or count one more failure into the one still open.
	 * @param error the failure as the ledger stores it (storable, cut to its length)
	 */
	void deadLettered(long serviceId, Long clientId, List<UUID> eventIds, DeadLetterReason reason, String error,
			Instant now);

	/**
	 * The service has waited too long for its create (in the ledger's transaction): open
	 * the notice about it, unless one is open.
	 */
	void waitingForCreate(long serviceId, Instant now);

	/**
	 * What the statement that marks events applied adds to resolve the service's open
	 * notice, in that very statement: empty, or {@code , name as (...)} over its common
	 * table expressions {@code svc} (the service row written) and {@code applied} (the
	 * {@code type} of each event applied), with {@code :now}.
	 */
	String resolveOnApplied();

}
