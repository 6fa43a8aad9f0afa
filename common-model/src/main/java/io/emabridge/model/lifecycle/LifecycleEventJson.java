package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one codec for lifecycle events on the wire, so that every producer and consumer
 * writes and reads the same JSON.
 * <p>
 * Writing omits null fields and writes instants with exactly six fraction digits. Reading
 * tolerates properties it does not know (a newer producer may add some) but insists on
 * the fields every event needs. {@link #validate} checks raw bytes against the schema
 * strictly and reports instead of throwing, whatever the bytes are.
 * <p>
 * Parsing is bounded: at most {@value #MAX_NESTING_DEPTH} levels of nesting and
 * {@value #MAX_DOCUMENT_BYTES} bytes, so hostile input cannot exhaust the stack or the
 * heap.
 */
public final class LifecycleEventJson {

	public static final int MAX_NESTING_DEPTH = 64;

	public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

	private static final List<String> REQUIRED_FIELDS = List.of("eventId", "occurredAt", "serviceId");

	private static final JsonMapper MAPPER = createMapper();

	private LifecycleEventJson() {
	}

	/**
	 * The mapper behind this codec, for other payloads that should follow the same
	 * conventions. Thread-safe; do not reconfigure it, {@code rebuild()} a copy instead.
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * The wire form of an instant: RFC 3339, UTC, exactly six fraction digits (finer
	 * digits are cut off).
	 */
	public static String formatInstant(Instant instant) {
		return MicrosInstantSerializer.format(instant);
	}

	/**
	 * An {@code occurredAt} in exactly the schema's form (UTC, six fraction digits) read
	 * without a formatter; {@code null} for any other text or a date that does not exist.
	 */
	public static Instant parseOccurredAt(String text) {
		return MicrosInstantSerializer.parseExact(text);
	}

	public static byte[] write(LifecycleEvent event) {
		if (event == null) {
			throw new IllegalArgumentException("event must not be null");
		}
		return MAPPER.writeValueAsBytes(event);
	}

	/**
	 * Reads one event.
	 * @throws InvalidEventException when the bytes are not JSON, not an object, name no
	 * known {@code type}, lack a required field or hold a value of the wrong kind
	 */
	public static LifecycleEvent read(byte[] json) {
		return readDocument(parse(json));
	}

	/**
	 * Reads one event from a document that {@link #parse} returned, so that a caller that
	 * also validates it parses the bytes once.
	 * @throws InvalidEventException as {@link #read(byte[])}
	 */
	public static LifecycleEvent readDocument(JsonNode document) {
		if (!document.isObject()) {
			throw new InvalidEventException("A lifecycle event must be a JSON object, got " + describe(document));
		}
		checkType(document.get("type"));
		for (String field : REQUIRED_FIELDS) {
			JsonNode value = document.get(field);
			if (value == null || value.isNull()) {
				throw new InvalidEventException("Lifecycle event lacks required field '" + field + "'");
			}
		}
		LifecycleEvent event;
		try {
			event = MAPPER.treeToValue(document, LifecycleEvent.class);
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("Lifecycle event cannot be read: " + ex.getOriginalMessage(), ex);
		}
		if (event.serviceId() < 1) {
			throw new InvalidEventException(
					"Lifecycle event has serviceId " + event.serviceId() + ", must be a positive integer");
		}
		return event;
	}

	/**
	 * Checks raw bytes against {@code schemas/lifecycle-event-v1.schema.json}. Never
	 * throws: bytes that are not JSON at all (empty, invalid UTF-8, too deep, too long)
	 * give a single violation with field {@code ""}.
	 * @return the violations, empty when the document is a valid v1 lifecycle event
	 */
	public static List<Violation> validate(byte[] rawJson) {
		JsonNode document;
		try {
			document = parse(rawJson);
		}
		catch (InvalidEventException ex) {
			return List.of(new Violation("", ex.getMessage()));
		}
		return validateDocument(document);
	}

	/**
	 * Checks a document that {@link #parse} returned against the schema, as
	 * {@link #validate(byte[])} does. Never throws.
	 * @return the violations, empty when the document is a valid v1 lifecycle event
	 */
	public static List<Violation> validateDocument(JsonNode document) {
		try {
			return LifecycleEventSchema.validate(document);
		}
		catch (RuntimeException ex) {
			return List.of(new Violation("", "Document could not be validated: " + ex));
		}
	}

	/**
	 * Parses raw bytes into a document, within the limits of this codec, for
	 * {@link #validateDocument}, {@link TextRules#check(JsonNode)} and
	 * {@link #readDocument}: one parse for all three.
	 * @throws InvalidEventException when the bytes are empty, too long, hold a NUL byte
	 * or are not JSON; its message is the violation {@link #validate(byte[])} reports for
	 * them
	 */
	public static JsonNode parse(byte[] json) {
		if (json == null || json.length == 0) {
			throw new InvalidEventException("Empty body, expected a JSON object");
		}
		if (json.length > MAX_DOCUMENT_BYTES) {
			throw new InvalidEventException(
					"Body of " + json.length + " bytes exceeds the limit of " + MAX_DOCUMENT_BYTES + " bytes");
		}
		for (byte b : json) {
			if (b == 0) {
				throw new InvalidEventException("Malformed JSON: contains a NUL byte, expected UTF-8 text");
			}
		}
		JsonNode document;
		try {
			document = MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("Malformed JSON: " + ex.getOriginalMessage(), ex);
		}
		if (document == null || document.isMissingNode()) {
			throw new InvalidEventException("Empty body, expected a JSON object");
		}
		return document;
	}

	private static void checkType(JsonNode type) {
		if (type == null || type.isNull()) {
			throw new InvalidEventException("Lifecycle event lacks required field 'type'");
		}
		if (!type.isString() || EventType.fromWireName(type.asString()).isEmpty()) {
			throw new InvalidEventException("Unknown lifecycle event type " + type);
		}
	}

	private static String describe(JsonNode node) {
		return node.getNodeType().name().toLowerCase(Locale.ROOT);
	}

	private static JsonMapper createMapper() {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxDocumentLength(MAX_DOCUMENT_BYTES)
			.build();
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(constraints)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		return JsonMapper.builder(factory)
			.addModule(
					new SimpleModule("lifecycle-event-v1").addSerializer(Instant.class, new MicrosInstantSerializer())
						.setDeserializerModifier(new MicrosInstantReading()))
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

}
