package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes instants the way the schema pins {@code occurredAt}: RFC 3339 in UTC with
 * exactly six fraction digits. PHP producers have microseconds at best, so a fixed width
 * keeps the text of one instant identical whoever wrote it.
 */
final class MicrosInstantSerializer extends StdSerializer<Instant> {

	private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
		.appendPattern("uuuu-MM-dd'T'HH:mm:ss")
		.appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
		.appendLiteral('Z')
		.toFormatter(Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	MicrosInstantSerializer() {
		super(Instant.class);
	}

	static String format(Instant instant) {
		return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
	}

	@Override
	public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
		generator.writeString(format(value));
	}

}
