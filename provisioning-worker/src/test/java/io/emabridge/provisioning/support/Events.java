package io.emabridge.provisioning.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceTerminated;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.provisioning.ledger.IncomingEvent;

/**
 * Lifecycle events for tests: valid v1 events with times in microseconds, as they come
 * off the wire.
 */
public final class Events {

	private Events() {
	}

	public static ServiceCreated create(long serviceId, Instant at, String company) {
		return create(serviceId, at, company, null);
	}

	public static ServiceCreated create(long serviceId, Instant at, String company, String requestedSlug) {
		return new ServiceCreated(UUID.randomUUID(), micros(at), serviceId, 1L, 1L, 1L, null,
				new Client(company, "Ada", "Lovelace", "ada@example.test"),
				new ProductOptions(null, true, requestedSlug, null));
	}

	public static ServiceCreated create(long serviceId, Instant at, Client client, ProductOptions options,
			String domain) {
		return new ServiceCreated(UUID.randomUUID(), micros(at), serviceId, 1L, 1L, 1L, domain, client, options);
	}

	/** The same create, for a service of another WHMCS server. */
	public static ServiceCreated onServer(ServiceCreated create, long serverId) {
		return new ServiceCreated(create.eventId(), create.occurredAt(), create.serviceId(), create.clientId(),
				create.productId(), serverId, create.domain(), create.client(), create.options());
	}

	public static ServiceSuspended suspend(long serviceId, Instant at) {
		return new ServiceSuspended(UUID.randomUUID(), micros(at), serviceId, 1L, 1L, 1L, "Overdue on Invoice");
	}

	public static ServiceUnsuspended unsuspend(long serviceId, Instant at) {
		return new ServiceUnsuspended(UUID.randomUUID(), micros(at), serviceId, 1L, 1L, 1L);
	}

	public static ServiceTerminated terminate(long serviceId, Instant at) {
		return new ServiceTerminated(UUID.randomUUID(), micros(at), serviceId, 1L, 1L, 1L);
	}

	/**
	 * The event as the listener would hand it to the ledger, read from partition 0 at the
	 * given offset.
	 */
	public static IncomingEvent incoming(LifecycleEvent event, long offset) {
		return new IncomingEvent(event, LifecycleEventJson.write(event), List.of(),
				new IncomingEvent.Source("test-topic", 0, offset, event.occurredAt().toEpochMilli()));
	}

	private static Instant micros(Instant at) {
		return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
	}

}
