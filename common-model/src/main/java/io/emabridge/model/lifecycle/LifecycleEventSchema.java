package io.emabridge.model.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The v1 lifecycle event schema, compiled once: compiling it is the expensive part, while
 * validating with the compiled schema is thread-safe. Its errors are turned into
 * {@link Violation}s that name the offending field and say what is wrong in plain
 * English, whatever the default locale.
 */
final class LifecycleEventSchema {

	static final String RESOURCE = "/schemas/lifecycle-event-v1.schema.json";

	private static final String UNKNOWN_PROPERTY = "is not allowed";

	/** What the pattern of a fixed-format field means, in place of the pattern itself. */
	private static final Map<String, String> FORMATS = Map.of("/eventId",
			"must be a UUID such as 0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11", "/occurredAt",
			"must be an RFC 3339 UTC time with exactly six fraction digits, such as 2026-11-26T19:31:08.123456Z");

	private static final JsonNode SCHEMA_DOCUMENT = read();

	private static final Schema SCHEMA = compile(SCHEMA_DOCUMENT);

	/**
	 * The schema as it applies to each type, for documents whose {@code type} is known:
	 * every {@code allOf} condition on the type ({@code if type is X, else ...}) is
	 * resolved in advance to its branch. The result is the same, and it is cheaper: the
	 * validator builds a full error, message and all, for every condition that does not
	 * hold and then drops it, once per event.
	 */
	private static final Map<EventType, Schema> BY_TYPE = byType();

	private LifecycleEventSchema() {
	}

	static List<Violation> validate(JsonNode document) {
		String subject = eventName(document);
		JsonNode type = document.path("type");
		Schema schema = type.isString() ? EventType.fromWireName(type.asString()).map(BY_TYPE::get).orElse(SCHEMA)
				: SCHEMA;
		return schema.validate(document).stream().map((error) -> toViolation(error, subject)).distinct().toList();
	}

	private static JsonNode read() {
		try (InputStream in = LifecycleEventSchema.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Schema " + RESOURCE + " is missing from the class path");
			}
			return LifecycleEventJson.mapper().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Schema compile(JsonNode document) {
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.pathType(PathType.JSON_POINTER)
			.locale(Locale.ENGLISH)
			.build();
		// a registry per compiled variant: they share the schema's $id
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemaRegistryConfig(config));
		Schema schema = registry.getSchema(document);
		schema.initializeValidators();
		return schema;
	}

	private static Map<EventType, Schema> byType() {
		Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);
		for (EventType type : EventType.values()) {
			ObjectNode resolved = (ObjectNode) SCHEMA_DOCUMENT.deepCopy();
			ArrayNode conditions = (ArrayNode) resolved.get("allOf");
			for (int i = 0; i < conditions.size(); i++) {
				JsonNode condition = conditions.get(i);
				String when = typeConstant(condition.path("if"));
				if (when == null || condition.has("then")) {
					throw new IllegalStateException(
							"Schema " + RESOURCE + ": allOf/" + i + " is not of the form {if: type is X, else: ...}");
				}
				conditions.set(i, when.equals(type.wireName()) ? resolved.objectNode() : condition.get("else"));
			}
			schemas.put(type, compile(resolved));
		}
		return schemas;
	}

	/**
	 * X of {@code {"properties": {"type": {"const": X}}, "required": ["type"]}}, else
	 * null.
	 */
	private static String typeConstant(JsonNode condition) {
		JsonNode constant = condition.path("properties").path("type").path("const");
		boolean exact = condition.size() == 2 && condition.path("properties").size() == 1
				&& condition.path("properties").path("type").size() == 1 && condition.path("required").size() == 1
				&& "type".equals(condition.path("required").path(0).asString(null));
		return (exact && constant.isString()) ? constant.asString() : null;
	}

	private static Violation toViolation(Error error, String subject) {
		String location = error.getInstanceLocation().toString();
		return switch (String.valueOf(error.getKeyword())) {
			case "required" -> new Violation(location + "/" + escape(error.getProperty()), "is required");
			case "additionalProperties" -> new Violation(location + "/" + escape(error.getProperty()),
					UNKNOWN_PROPERTY + (location.isEmpty() ? subject : ""));
			case "false" -> new Violation(location, UNKNOWN_PROPERTY + subject);
			case "pattern", "minLength", "maxLength" ->
				new Violation(location, FORMATS.getOrDefault(location, error.getMessage()));
			default -> new Violation(location, error.getMessage());
		};
	}

	private static String eventName(JsonNode document) {
		JsonNode type = document.path("type");
		return (type.isString() && EventType.fromWireName(type.asString()).isPresent())
				? " in a " + type.asString() + " event" : "";
	}

	private static String escape(String property) {
		return String.valueOf(property).replace("~", "~0").replace("/", "~1");
	}

}
