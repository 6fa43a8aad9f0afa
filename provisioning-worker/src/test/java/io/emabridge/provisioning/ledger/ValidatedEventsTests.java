package io.emabridge.provisioning.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.support.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ValidatedEventsTests {

	@Test
	void readsEveryEventTypeExactlyAsTheSharedCodecDoes() {
		Instant at = Instant.parse("2026-11-26T19:31:08.123456Z");
		for (LifecycleEvent event : List.of(Events.create(7, at, "Acme"), Events.suspend(7, at),
				Events.unsuspend(7, at), Events.terminate(7, at))) {
			byte[] json = LifecycleEventJson.write(event);
			assertThat(ValidatedEvents.read(json)).isEqualTo(LifecycleEventJson.read(json)).isEqualTo(event);
		}
	}

	@Test
	void readsTheSchemaTimeFormatLikeInstantParseAcrossTheCalendar() {
		Random random = new Random(4);
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant
				.ofEpochSecond(random.nextLong(-2_000_000_000L, 40_000_000_000L), random.nextInt(1_000_000_000))
				.truncatedTo(ChronoUnit.MICROS);
			String text = LifecycleEventJson.formatInstant(instant);
			assertThat(ValidatedEvents.SchemaInstantDeserializer.parse(text)).as(text).isEqualTo(instant);
		}
		assertThat(ValidatedEvents.SchemaInstantDeserializer.parse("2028-02-29T23:59:59.999999Z"))
			.isEqualTo(Instant.parse("2028-02-29T23:59:59.999999Z"));
	}

	@Test
	void leavesOtherTextToInstantParse() {
		for (String text : List.of("2026-11-26T19:31:08Z", "2026-11-26T19:31:08.123456+00:00",
				"2026-02-30T00:00:00.000000Z", "2026-11-26T24:00:00.000000Z", "2026-11-26 19:31:08.123456Z",
				"2026-1x-26T19:31:08.123456Z")) {
			assertThat(ValidatedEvents.SchemaInstantDeserializer.parse(text)).as(text).isNull();
		}
	}

	@Test
	void bytesThatCannotBeReadFailWithAJacksonError() {
		String json = "{\"type\":\"service.unsuspend\",\"eventId\":\"0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11\","
				+ "\"occurredAt\":\"2026-02-30T00:00:00.000000Z\",\"serviceId\":7}";
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> ValidatedEvents.read(json.getBytes(StandardCharsets.UTF_8)));
	}

}
