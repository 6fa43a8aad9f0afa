package io.emabridge.model.lifecycle;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
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

	/**
	 * 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written with four digits.
	 */
	private static final long FIRST_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

	private static final long LAST_SECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

	static String format(Instant instant) {
		long seconds = instant.getEpochSecond();
		if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
			return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
		}
		// the same text as FORMAT, written directly: this runs for every event a gateway
		// publishes (ce_time) and the formatter is several times slower
		LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
		char[] text = new char[27];
		digits(text, 0, time.getYear(), 4);
		text[4] = '-';
		digits(text, 5, time.getMonthValue(), 2);
		text[7] = '-';
		digits(text, 8, time.getDayOfMonth(), 2);
		text[10] = 'T';
		digits(text, 11, time.getHour(), 2);
		text[13] = ':';
		digits(text, 14, time.getMinute(), 2);
		text[16] = ':';
		digits(text, 17, time.getSecond(), 2);
		text[19] = '.';
		digits(text, 20, instant.getNano() / 1000, 6);
		text[26] = 'Z';
		return new String(text);
	}

	/**
	 * The instant that {@link #format} wrote, read without a formatter; null for any
	 * other text (a different form, or no such date), which is then left to the general
	 * ISO-8601 reading.
	 */
	static Instant parseExact(String text) {
		if (text.length() != 27 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
				|| text.charAt(26) != 'Z') {
			return null;
		}
		int year = number(text, 0, 4);
		int month = number(text, 5, 2);
		int day = number(text, 8, 2);
		int hour = number(text, 11, 2);
		int minute = number(text, 14, 2);
		int second = number(text, 17, 2);
		int micros = number(text, 20, 6);
		if ((year | month | day | hour | minute | second | micros) < 0) {
			return null;
		}
		try {
			return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static void digits(char[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

	/** The decimal number of {@code width} ASCII digits at {@code at}, or -1. */
	private static int number(String text, int at, int width) {
		int value = 0;
		for (int i = at; i < at + width; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	@Override
	public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
		generator.writeString(format(value));
	}

}
