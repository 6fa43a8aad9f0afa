package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.UUID;

/** WHMCS ran TerminateAccount: the tenant is suspended, never deleted. */
public record ServiceTerminated(UUID eventId, Instant occurredAt, long serviceId, Long clientId, Long productId,
		Long serverId) implements LifecycleEvent {

	@Override
	public EventType type() {
		return EventType.TERMINATE;
	}
}
