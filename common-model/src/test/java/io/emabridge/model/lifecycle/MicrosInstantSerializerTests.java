package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The instants' fast wire form, written and read without a formatter, against the
 * formatters it stands in for.
 */
class MicrosInstantSerializerTests {

	private static final DateTimeFormatter WIRE = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss")
		.appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
		.appendLiteral('Z')
		.toFormatter(Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	@Test
	void writesWhatTheFormatterWritesAndReadsItBack() {
		for (Instant instant : instants()) {
			String text = MicrosInstantSerializer.format(instant);

			assertThat(text).as(instant.toString()).isEqualTo(WIRE.format(instant.truncatedTo(ChronoUnit.MICROS)));
			if (text.length() == 27) {
				assertThat(MicrosInstantSerializer.parseExact(text)).as(text)
					.isEqualTo(instant.truncatedTo(ChronoUnit.MICROS))
					.isEqualTo(Instant.parse(text));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T10:00:00.000000Z", "2026-13-01T10:00:00.000000Z",
			"2026-11-26T24:00:00.000000Z", "2026-11-26T19:60:08.000000Z", "2026-11-26T19:31:60.000000Z",
			"2026-11-26T19:31:08.12345aZ", "2026-11-26 19:31:08.123456Z", "2026-11-26T19:31:08.123456+",
			"+2026-11-26T19:31:08.12345Z", "2026-11-26T19:31:08Z", "2026-11-26T19:31:08.123456789Z", "" })
	void anythingElseIsLeftToTheGeneralReading(String text) {
		assertThat(MicrosInstantSerializer.parseExact(text)).isNull();
	}

	@Test
	void eventsReadTheSameInstantWhicheverWayItIsWritten() {
		assertThat(occurredAtRead("2026-11-26T19:31:08.123456Z"))
			.isEqualTo(Instant.parse("2026-11-26T19:31:08.123456Z"));
		assertThat(occurredAtRead("2026-11-26T19:31:08Z")).isEqualTo(Instant.parse("2026-11-26T19:31:08Z"));
		assertThat(occurredAtRead("2026-11-26T19:31:08.123456789Z"))
			.isEqualTo(Instant.parse("2026-11-26T19:31:08.123456789Z"));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> occurredAtRead("2026-02-30T10:00:00.000000Z"));
	}

	private static Instant occurredAtRead(String occurredAt) {
		String json = "{\"type\":\"service.terminate\",\"eventId\":\"0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11\","
				+ "\"occurredAt\":\"" + occurredAt + "\",\"serviceId\":42}";
		return LifecycleEventJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).occurredAt();
	}

	private static List<Instant> instants() {
		List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
				Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
				Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
				Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2026-11-26T19:31:08.123456789Z")));
		Random random = new Random(42);
		for (int i = 0; i < 10_000; i++) {
			instants.add(Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
					random.nextInt(1_000_000_000)));
		}
		return instants;
	}

}
