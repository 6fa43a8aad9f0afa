package io.emabridge.usage.tenantstate;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;

/**
 * A record of the provisioning worker's tenant state topic:
 * {@code {"serviceId","slug","url","status","version":{"occurredAt","eventId"},"updatedAt"}},
 * key = service id.
 */
public record TenantStateRecord(long serviceId, String slug, String url, String status, Instant occurredAt,
		UUID eventId, Instant updatedAt) {

	/**
	 * Reads one record.
	 * @throws IllegalArgumentException naming what is missing or wrong
	 */
	public static TenantStateRecord read(byte[] json) {
		if (json == null || json.length == 0) {
			throw new IllegalArgumentException("empty tenant state record");
		}
		JsonNode node;
		try {
			node = LifecycleEventJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("tenant state record is not JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("tenant state record is not a JSON object");
		}
		long serviceId = node.path("serviceId").asLong(0);
		String slug = text(node.get("slug"));
		String status = text(node.get("status"));
		JsonNode version = node.path("version");
		if (serviceId <= 0 || slug == null || slug.isBlank() || status == null) {
			throw new IllegalArgumentException("tenant state record lacks serviceId, slug or status");
		}
		try {
			Instant occurredAt = Instant.parse(text(version.get("occurredAt")));
			UUID eventId = UUID.fromString(text(version.get("eventId")));
			String updated = text(node.get("updatedAt"));
			return new TenantStateRecord(serviceId, slug, text(node.get("url")), status, occurredAt, eventId,
					(updated != null) ? Instant.parse(updated) : occurredAt);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("tenant state record of service " + serviceId
					+ " has no valid version (occurredAt, eventId) or updatedAt");
		}
	}

	private static String text(JsonNode node) {
		return (node != null && node.isString()) ? node.asString() : null;
	}
}
