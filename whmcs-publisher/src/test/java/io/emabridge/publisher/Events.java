package io.emabridge.publisher;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEventJson;

/** Lifecycle event bodies as the WHMCS module writes them, one per event type. */
public final class Events {

	private Events() {
	}

	public static byte[] json(EventType type, UUID eventId, long serviceId) {
		return text(type, eventId, serviceId).getBytes(StandardCharsets.UTF_8);
	}

	public static String text(EventType type, UUID eventId, long serviceId) {
		String common = """
				"eventId":"%s","type":"%s","occurredAt":"%s","serviceId":%d,"clientId":42,"productId":7,"serverId":3"""
			.formatted(eventId, type.wireName(), LifecycleEventJson.formatInstant(Instant.now()), serviceId);
		String extra = switch (type) {
			case CREATE -> """
					,"domain":"example.com","client":{"companyName":"Acme Hosting","firstName":"Ada",\
					"lastName":"Lovelace","email":"ada@example.com"},"options":{"slugPrefix":"acme",\
					"autoGenerateSlug":true,"requestedSlug":null,"plan":"standard"}""";
			case SUSPEND -> ",\"suspendReason\":\"Overdue on payment\"";
			case UNSUSPEND, TERMINATE -> "";
		};
		return "{" + common + extra + "}";
	}

	public static byte[] create(long serviceId) {
		return json(EventType.CREATE, UUID.randomUUID(), serviceId);
	}

}
