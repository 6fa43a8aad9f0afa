package io.emabridge.provisioning.notices;

import java.time.Instant;
import java.util.List;

import io.emabridge.provisioning.failure.DeadLetterReason;

/**
 * One failure episode of a service as the notifier claims it: what failed, whether it is
 * resolved, and what WHMCS has been told of it so far.
 *
 * @param clientId the service's client from its create event, {@code null} when unknown
 * @param resolved whether an event of the service was applied since
 * @param reason the latest failure's reason
 * @param error the latest failure's message
 * @param eventTypes the types of the events dead-lettered in the episode
 * @param failures how many dead letters the episode counted
 * @param resolvedStatus the status the archive reached when it was resolved
 * @param resolvedEvents the types of the events applied with that
 * @param failuresTold failures the ticket (or the admin note) knows of
 * @param failuresLogged failures the activity log knows of
 * @param ticketId the ticket opened for the episode, {@code null} when none
 * @param ticketNumber its public number ({@code tid})
 * @param recoveryTold whether the ticket was answered (or the note written) for the
 * recovery
 * @param recoveryLogged whether the recovery is in the activity log
 * @param attempts sending attempts that failed in a row
 * @param ticketOpenStarted an {@code OpenTicket} was sent for the episode whose answer
 * may have been lost: look the ticket up by its marker before opening another
 */
record Notice(long noticeId, long serviceId, Long clientId, boolean resolved, DeadLetterReason reason, String error,
		List<String> eventTypes, int failures, Instant openedAt, Instant lastFailureAt, Instant resolvedAt,
		String resolvedStatus, List<String> resolvedEvents, int failuresTold, int failuresLogged, Long ticketId,
		String ticketNumber, boolean recoveryTold, boolean recoveryLogged, int attempts, boolean ticketOpenStarted) {

	/** The service id of a notice about the whole installation, not one service. */
	static final long INSTALLATION = 0;

	Notice {
		eventTypes = List.copyOf(eventTypes);
		resolvedEvents = List.copyOf(resolvedEvents);
	}

	Notice(long noticeId, long serviceId, Long clientId, boolean resolved, DeadLetterReason reason, String error,
			List<String> eventTypes, int failures, Instant openedAt, Instant lastFailureAt, Instant resolvedAt,
			String resolvedStatus, List<String> resolvedEvents, int failuresTold, int failuresLogged, Long ticketId,
			String ticketNumber, boolean recoveryTold, boolean recoveryLogged, int attempts) {
		this(noticeId, serviceId, clientId, resolved, reason, error, eventTypes, failures, openedAt, lastFailureAt,
				resolvedAt, resolvedStatus, resolvedEvents, failuresTold, failuresLogged, ticketId, ticketNumber,
				recoveryTold, recoveryLogged, attempts, false);
	}

	/** Whether the notice is about the whole installation rather than one service. */
	boolean installation() {
		return this.serviceId == INSTALLATION;
	}
}
