package io.emabridge.deadletters.letter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few fields of an event an operator filters by, read leniently from a record's
 * value: a value that is not a JSON object (a poison record) simply has none.
 */
public record EventFields(String eventId, String type, String serviceId) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final EventFields NONE = new EventFields(null, null, null);

	public static EventFields of(byte[] value) {
		if (value == null || value.length == 0 || value[0] != '{') {
			return NONE;
		}
		try {
			JsonNode node = MAPPER.readTree(value);
			return new EventFields(text(node, "eventId"), text(node, "type"), text(node, "serviceId"));
		}
		catch (JacksonException ex) {
			return NONE;
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asString() : null;
	}
}
