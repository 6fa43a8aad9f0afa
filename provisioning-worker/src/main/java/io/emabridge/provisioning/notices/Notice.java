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
 */
record Notice(long noticeId, long serviceId, Long clientId, boolean resolved, DeadLetterReason reason, String error,
		List<String> eventTypes, int failures, Instant openedAt, Instant lastFailureAt, Instant resolvedAt,
		String resolvedStatus, List<String> resolvedEvents, int failuresTold, int failuresLogged, Long ticketId,
		String ticketNumber, boolean recoveryTold, boolean recoveryLogged, int attempts) {

	Notice {
		eventTypes = List.copyOf(eventTypes);
		resolvedEvents = List.copyOf(resolvedEvents);
	}
}
