package io.emabridge.sandbox.support;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON helpers shared by the sandboxes. */
public final class Json {

	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/** An ordered map from alternating keys and values; values may be null. */
	public static Map<String, Object> obj(Object... keysAndValues) {
		if (keysAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("keys and values must come in pairs");
		}
		Map<String, Object> map = new LinkedHashMap<>(keysAndValues.length);
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	public static byte[] bytes(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	/**
	 * Parses a request body. An empty body reads as an empty object; malformed JSON, or
	 * JSON that is not an object, is answered 400 with {@code {"message": ...}}.
	 */
	public static JsonNode objectBody(byte[] body) {
		if (body.length == 0) {
			return MAPPER.createObjectNode();
		}
		JsonNode node;
		try {
			node = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ReplyException(Reply.json(400, obj("message", "Malformed JSON body.")));
		}
		if (node == null || node.isMissingNode() || node.isNull()) {
			return MAPPER.createObjectNode();
		}
		if (!node.isObject()) {
			throw new ReplyException(Reply.json(400, obj("message", "The request body must be a JSON object.")));
		}
		return node;
	}

	/**
	 * The text of a field, or null when it is absent or JSON null. Non-text scalars are
	 * converted to text.
	 */
	public static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		return value.isValueNode() ? value.asString() : value.toString();
	}

	/**
	 * A whole number field, or {@code fallback} when absent; anything else is answered
	 * 400.
	 */
	public static long longField(JsonNode node, String field, long fallback) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (value.isIntegralNumber() && value.canConvertToLong()) {
			return value.longValue();
		}
		if (value.isString() && value.stringValue().matches("-?\\d{1,18}")) {
			return Long.parseLong(value.stringValue());
		}
		throw badField(field, "must be a whole number");
	}

	public static double doubleField(JsonNode node, String field, double fallback) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (value.isNumber()) {
			return value.doubleValue();
		}
		throw badField(field, "must be a number");
	}

	public static boolean booleanField(JsonNode node, String field, boolean fallback) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		throw badField(field, "must be true or false");
	}

	public static ReplyException badField(String field, String problem) {
		return new ReplyException(Reply.json(400, obj("message", "The " + field + " field " + problem + ".")));
	}

}
