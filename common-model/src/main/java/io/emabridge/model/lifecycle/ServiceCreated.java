package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.UUID;

/** WHMCS ran CreateAccount: provision a tenant for the service. */
public record ServiceCreated(UUID eventId, Instant occurredAt, long serviceId, Long clientId, Long productId,
		Long serverId, String domain, Client client, ProductOptions options) implements LifecycleEvent {

	@Override
	public EventType type() {
		return EventType.CREATE;
	}
}
