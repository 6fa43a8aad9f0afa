package io.emabridge.model.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;

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

	private static final Schema SCHEMA = load();

	private LifecycleEventSchema() {
	}

	static List<Violation> validate(JsonNode document) {
		String subject = eventName(document);
		return SCHEMA.validate(document).stream().map((error) -> toViolation(error, subject)).distinct().toList();
	}

	private static Schema load() {
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.pathType(PathType.JSON_POINTER)
			.locale(Locale.ENGLISH)
			.build();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemaRegistryConfig(config));
		try (InputStream in = LifecycleEventSchema.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Schema " + RESOURCE + " is missing from the class path");
			}
			Schema schema = registry.getSchema(in, InputFormat.JSON);
			schema.initializeValidators();
			return schema;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
