package io.emabridge.deadletters.admin;

import java.time.Instant;
import java.util.Set;

/**
 * The body of {@code POST /admin/dead-letters/replay}: the filters of {@code dlt replay},
 * or {@code all}.
 *
 * @param failureReason part of the failure reason (the filter)
 * @param reason why the operator replays (required unless a dry run)
 */
public record ReplayRequest(String topic, Set<String> service, Set<String> type, String failureReason,
		Set<String> eventId, Instant since, Instant until, Boolean all, String reason, Boolean dryRun, Boolean again,
		Double rate) {

	boolean replayAll() {
		return Boolean.TRUE.equals(this.all);
	}

	boolean wantsDryRun() {
		return Boolean.TRUE.equals(this.dryRun);
	}

	boolean replayAgain() {
		return Boolean.TRUE.equals(this.again);
	}
}
