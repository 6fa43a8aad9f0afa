package io.emabridge.provisioning.ledger;

import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.provisioning.failure.DeadLetterReason;

/**
 * The part of a service row that decides what a new event changes, read under a row lock
 * while a batch is recorded. A service seen for the first time has {@code null} versions.
 */
public record ServiceDesired(long serviceId, EventVersion desiredVersion, EventVersion createVersion, WorkStatus status,
		DeadLetterReason lastFailureReason) {

	public static ServiceDesired unknown(long serviceId) {
		return new ServiceDesired(serviceId, null, null, WorkStatus.IDLE, null);
	}
}
