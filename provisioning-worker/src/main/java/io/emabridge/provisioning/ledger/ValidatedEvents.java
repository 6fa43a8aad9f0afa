package io.emabridge.provisioning.ledger;

import java.time.Instant;
import java.time.LocalDate;
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

		private static final int LENGTH = "2026-11-26T19:31:08.123456Z".length();

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
			if (text.length() != LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
					|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
					|| text.charAt(26) != 'Z') {
				return null;
			}
			int year = digits(text, 0, 4);
			int month = digits(text, 5, 7);
			int day = digits(text, 8, 10);
			int hour = digits(text, 11, 13);
			int minute = digits(text, 14, 16);
			int second = digits(text, 17, 19);
			int micros = digits(text, 20, 26);
			if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
					|| minute > 59 || second < 0 || second > 59 || micros < 0) {
				return null;
			}
			if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
				return null;
			}
			long epochDay = LocalDate.of(year, month, day).toEpochDay();
			return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, micros * 1_000L);
		}

		/**
		 * The decimal number in {@code text[from, to)}, or -1 when a character is not a
		 * digit.
		 */
		private static int digits(String text, int from, int to) {
			int value = 0;
			for (int i = from; i < to; i++) {
				char c = text.charAt(i);
				if (c < '0' || c > '9') {
					return -1;
				}
				value = value * 10 + (c - '0');
			}
			return value;
		}

	}

}
