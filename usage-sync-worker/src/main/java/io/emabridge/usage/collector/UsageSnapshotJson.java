package io.emabridge.usage.collector;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;

/**
 * The usage topic's JSON:
 * {@code {"slug","status","activeUsers","storageBytes","messages","licenses","collectedAt"}},
 * {@code messages} omitted where the API does not give it, times as RFC 3339 with six
 * fraction digits.
 */
public final class UsageSnapshotJson {

	private UsageSnapshotJson() {
	}

	public static byte[] write(UsageSnapshot snapshot) {
		ObjectNode node = LifecycleEventJson.mapper().createObjectNode();
		node.put("slug", snapshot.slug());
		node.put("status", snapshot.status());
		node.put("activeUsers", snapshot.activeUsers());
		node.put("storageBytes", snapshot.storageBytes());
		if (snapshot.messages() != null) {
			node.put("messages", snapshot.messages());
		}
		node.put("licenses", snapshot.licenses());
		node.put("collectedAt", LifecycleEventJson.formatInstant(snapshot.collectedAt()));
		return LifecycleEventJson.mapper().writeValueAsBytes(node);
	}

	/**
	 * Reads a snapshot.
	 * @throws InvalidSnapshotException naming what is wrong, for anything that is not a
	 * whole, valid snapshot
	 */
	public static UsageSnapshot read(byte[] json) {
		if (json == null || json.length == 0) {
			throw new InvalidSnapshotException("empty record");
		}
		JsonNode node;
		try {
			node = LifecycleEventJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidSnapshotException("not JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			throw new InvalidSnapshotException("not a JSON object");
		}
		try {
			return new UsageSnapshot(text(node, "slug"), text(node, "status"), number(node, "activeUsers"),
					number(node, "storageBytes"), node.has("messages") ? number(node, "messages") : null,
					number(node, "licenses"), Instant.parse(text(node, "collectedAt")));
		}
		catch (InvalidSnapshotException ex) {
			throw ex;
		}
		catch (DateTimeParseException | NullPointerException ex) {
			throw new InvalidSnapshotException("collectedAt must be an RFC 3339 time");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSnapshotException(ex.getMessage());
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static long number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
			throw new InvalidSnapshotException(field + " must be a whole number");
		}
		return value.asLong();
	}

	/**
	 * A record on the usage topic that is not a snapshot: sent to the dead-letter topic
	 * at once.
	 */
	public static final class InvalidSnapshotException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		public InvalidSnapshotException(String message) {
			super("invalid usage snapshot: " + message);
		}

	}

}
