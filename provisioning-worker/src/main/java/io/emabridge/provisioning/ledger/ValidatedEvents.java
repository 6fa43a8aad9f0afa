package io.emabridge.provisioning.ledger;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;

/**
 * Reads lifecycle events whose bytes already passed the v1 schema
 * ({@link LifecycleEventJson#validate}), as every event does before the listener records
 * it. Such bytes need none of the checks of {@link LifecycleEventJson#read}, so they go
 * straight from the bytes into the record instead of through a tree, and the one time
 * format the schema allows is read by hand rather than by a {@code DateTimeFormatter}:
 * together that was most of the worker's time spent on JSON. Same mapper settings
 * otherwise; any other time text is still read by {@link Instant#parse}.
 */
public final class ValidatedEvents {

	private static final JsonMapper MAPPER = LifecycleEventJson.mapper()
		.rebuild()
		.addModule(new SimpleModule("validated-lifecycle-events").addDeserializer(Instant.class,
				new SchemaInstantDeserializer()))
		.build();

	private ValidatedEvents() {
	}

	/**
	 * Reads an event from bytes that passed the schema.
	 * @throws tools.jackson.core.JacksonException when they cannot be read after all
	 */
	public static LifecycleEvent read(byte[] json) {
		return MAPPER.readValue(json, LifecycleEvent.class);
	}

	/**
	 * The schema's {@code uuuu-MM-ddTHH:mm:ss.SSSSSSZ}, read by hand; anything else by
	 * {@link Instant#parse}.
	 */
	static final class SchemaInstantDeserializer extends StdDeserializer<Instant> {

		SchemaInstantDeserializer() {
			super(Instant.class);
		}

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (Instant) context.handleUnexpectedToken(Instant.class, parser);
			}
			String text = parser.getString();
			Instant instant = parse(text);
			if (instant != null) {
				return instant;
			}
			try {
				return Instant.parse(text);
			}
			catch (DateTimeParseException ex) {
				return (Instant) context.handleWeirdStringValue(Instant.class, text, ex.getMessage());
			}
		}

		/**
		 * The instant, or {@code null} when the text is not exactly in the schema's
		 * format.
		 */
		static Instant parse(String text) {
			return LifecycleEventJson.parseOccurredAt(text);
		}

	}

}
