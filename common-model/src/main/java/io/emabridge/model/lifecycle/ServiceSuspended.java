package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.UUID;

/** WHMCS ran SuspendAccount: block log-in, keep the data. */
public record ServiceSuspended(UUID eventId, Instant occurredAt, long serviceId, Long clientId, Long productId,
		Long serverId, String suspendReason) implements LifecycleEvent {

	@Override
	public EventType type() {
		return EventType.SUSPEND;
	}
}
