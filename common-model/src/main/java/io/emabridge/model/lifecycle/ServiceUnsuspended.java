package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.UUID;

/** WHMCS ran UnsuspendAccount: restore access. */
public record ServiceUnsuspended(UUID eventId, Instant occurredAt, long serviceId, Long clientId, Long productId,
		Long serverId) implements LifecycleEvent {

	@Override
	public EventType type() {
		return EventType.UNSUSPEND;
	}
}
