package io.emabridge.model.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LifecycleEventJsonTests {

	private static final UUID EVENT_ID = UUID.fromString("0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11");

	@Test
	void writesOccurredAtWithExactlySixFractionDigits() {
		assertThat(occurredAtWritten("2026-11-26T19:31:08Z")).isEqualTo("2026-11-26T19:31:08.000000Z");
		assertThat(occurredAtWritten("2026-11-26T19:31:08.1Z")).isEqualTo("2026-11-26T19:31:08.100000Z");
		assertThat(occurredAtWritten("2026-11-26T19:31:08.000001Z")).isEqualTo("2026-11-26T19:31:08.000001Z");
	}

	@Test
	void writingCutsOffDigitsFinerThanMicroseconds() {
		assertThat(occurredAtWritten("2026-11-26T19:31:08.123456999Z")).isEqualTo("2026-11-26T19:31:08.123456Z");
		assertThat(occurredAtWritten("1969-12-31T23:59:59.999999999Z")).isEqualTo("1969-12-31T23:59:59.999999Z");
	}

	@Test
	void formatInstantIsTheWireForm() {
		assertThat(LifecycleEventJson.formatInstant(Instant.parse("2026-01-02T03:04:05.6Z")))
			.isEqualTo("2026-01-02T03:04:05.600000Z");
	}

	@Test
	void writtenInstantReadsBackTruncatedToMicroseconds() {
		Instant precise = Instant.parse("2026-11-26T19:31:08.123456789Z");
		LifecycleEvent read = LifecycleEventJson.read(LifecycleEventJson.write(terminated(precise)));
		assertThat(read.occurredAt()).isEqualTo(Instant.parse("2026-11-26T19:31:08.123456Z"));
	}

	@Test
	void writingOmitsNullFields() {
		ServiceCreated created = new ServiceCreated(EVENT_ID, Instant.parse("2026-11-26T19:31:08Z"), 42, null, null,
				null, null, new Client(null, "Jörg", null, null), new ProductOptions(null, null, null, "basic"));
		JsonNode written = Fixtures.tree(LifecycleEventJson.write(created));
		assertThat(written.propertyNames()).containsExactlyInAnyOrder("type", "eventId", "occurredAt", "serviceId",
				"client", "options");
		assertThat(written.get("client").propertyNames()).containsExactly("firstName");
		assertThat(written.get("options").propertyNames()).containsExactly("plan");
		assertThat(LifecycleEventJson.validate(LifecycleEventJson.write(created))).isEmpty();
	}

	@Test
	void writingDoesNotLeakDerivedAccessors() {
		JsonNode written = Fixtures.tree(LifecycleEventJson.write(terminated(Instant.parse("2026-11-26T19:31:08Z"))));
		assertThat(written.propertyNames()).doesNotContain("key", "version");
		assertThat(written.get("type").asString()).isEqualTo("service.terminate");
	}

	@Test
	void writingNullIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LifecycleEventJson.write(null));
	}

	@Test
	void readingToleratesUnknownProperties() {
		ObjectNode event = (ObjectNode) Fixtures.tree("service-suspend.json");
		event.put("addedInV2", "whatever");
		event.putObject("nested").put("deeper", 1);
		LifecycleEvent read = LifecycleEventJson.read(LifecycleEventJson.mapper().writeValueAsBytes(event));
		assertThat(read).isInstanceOf(ServiceSuspended.class);
		assertThat(LifecycleEventJson.validate(LifecycleEventJson.mapper().writeValueAsBytes(event))).isNotEmpty();
	}

	@Test
	void readingAcceptsNullOptionalFields() {
		String json = "{\"type\":\"service.create\",\"eventId\":\"" + EVENT_ID
				+ "\",\"occurredAt\":\"2026-11-26T19:31:08.000000Z\",\"serviceId\":42,\"clientId\":null,"
				+ "\"domain\":null,\"client\":null,\"options\":{\"autoGenerateSlug\":null}}";
		ServiceCreated read = (ServiceCreated) read(json);
		assertThat(read.clientId()).isNull();
		assertThat(read.domain()).isNull();
		assertThat(read.client()).isNull();
		assertThat(read.options()).isEqualTo(new ProductOptions(null, null, null, null));
	}

	@Test
	void readingGivesKeyAndVersion() {
		LifecycleEvent read = LifecycleEventJson.read(Fixtures.bytes("service-create.json"));
		assertThat(read.key()).isEqualTo("4711");
		assertThat(read.version()).isEqualTo(new EventVersion(Instant.parse("2026-11-26T19:31:08.123456Z"), EVENT_ID));
		assertThat(read.type()).isEqualTo(EventType.CREATE);
	}

	@Test
	void readingMalformedJsonFailsClearly() {
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read("{\"type\":"))
			.withMessageStartingWith("Malformed JSON");
	}

	@Test
	void readingInvalidUtf8FailsClearly() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> LifecycleEventJson.read(new byte[] { '{', '"', (byte) 0xC3, '"', ':', '1', '}' }))
			.withMessageStartingWith("Malformed JSON");
	}

	@Test
	void readingEmptyBodyFailsClearly() {
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> LifecycleEventJson.read(new byte[0]))
			.withMessage("Empty body, expected a JSON object");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> LifecycleEventJson.read(null))
			.withMessage("Empty body, expected a JSON object");
	}

	@Test
	void readingDeeplyNestedBodyFailsWithoutOverflowingTheStack() {
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read("[".repeat(100_000)))
			.withMessageContaining("nesting depth");
	}

	@Test
	void readingSomethingOtherThanAnObjectFailsClearly() {
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read("[1,2]"))
			.withMessage("A lifecycle event must be a JSON object, got array");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"service.renew\"", "\"\"", "7", "{}" })
	void readingUnknownTypeFailsClearly(String type) {
		String json = fixtureText("service-terminate.json").replace("\"service.terminate\"", type);
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(json))
			.withMessage("Unknown lifecycle event type " + type);
	}

	@Test
	void readingWithoutTypeFailsClearly() {
		String json = fixtureText("service-terminate.json").replace("\"type\": \"service.terminate\",", "");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(json))
			.withMessage("Lifecycle event lacks required field 'type'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "eventId", "occurredAt", "serviceId" })
	void readingWithoutRequiredFieldFailsClearly(String field) {
		ObjectNode event = (ObjectNode) Fixtures.tree("service-terminate.json");
		event.remove(field);
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(event))
			.withMessage("Lifecycle event lacks required field '" + field + "'");
		event.putNull(field);
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(event))
			.withMessage("Lifecycle event lacks required field '" + field + "'");
	}

	@Test
	void readingNonPositiveServiceIdFails() {
		ObjectNode event = (ObjectNode) Fixtures.tree("service-terminate.json");
		event.put("serviceId", 0);
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(event))
			.withMessageContaining("serviceId 0");
	}

	@Test
	void readingWrongValueKindsFailsClearly() {
		ObjectNode badUuid = (ObjectNode) Fixtures.tree("service-terminate.json");
		badUuid.put("eventId", "not-a-uuid");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(badUuid))
			.withMessageStartingWith("Lifecycle event cannot be read");
		ObjectNode badTime = (ObjectNode) Fixtures.tree("service-terminate.json");
		badTime.put("occurredAt", "yesterday");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(badTime))
			.withMessageStartingWith("Lifecycle event cannot be read");
		ObjectNode badClient = (ObjectNode) Fixtures.tree("service-create.json");
		badClient.putArray("client");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(badClient))
			.withMessageStartingWith("Lifecycle event cannot be read");
	}

	@Test
	void readingDuplicatePropertyFails() {
		String json = fixtureText("service-terminate.json").replace("\"serviceId\": 4711",
				"\"serviceId\": 4711, \"serviceId\": 1");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> read(json))
			.withMessageContaining("Duplicate");
	}

	@Test
	void readingTrailingContentFails() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> read(fixtureText("service-terminate.json") + " {}"))
			.withMessageStartingWith("Malformed JSON");
	}

	@Test
	void mapperIsSharedAndOmitsNulls() {
		assertThat(LifecycleEventJson.mapper()).isSameAs(LifecycleEventJson.mapper());
		assertThat(LifecycleEventJson.mapper().writeValueAsString(new Client("Acme", null, null, null)))
			.isEqualTo("{\"companyName\":\"Acme\"}");
	}

	@Test
	void eventTypeWritesAsWireName() {
		for (EventType type : EventType.values()) {
			assertThat(LifecycleEventJson.mapper().writeValueAsString(type)).isEqualTo("\"" + type.wireName() + "\"");
		}
	}

	@Test
	void eventTypeReadsFromWireName() {
		for (EventType type : EventType.values()) {
			assertThat(LifecycleEventJson.mapper().readValue("\"" + type.wireName() + "\"", EventType.class))
				.isEqualTo(type);
		}
	}

	@Test
	void eventTypeDoesNotReadFromConstantName() {
		assertThatExceptionOfType(tools.jackson.core.JacksonException.class)
			.isThrownBy(() -> LifecycleEventJson.mapper().readValue("\"CREATE\"", EventType.class));
	}

	@Test
	void validationIsSafeFromManyThreads() throws Exception {
		byte[] valid = Fixtures.bytes("service-create.json");
		byte[] invalid = fixtureText("service-create.json").replace("4711", "0").getBytes(StandardCharsets.UTF_8);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Boolean>> tasks = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				boolean good = i % 2 == 0;
				tasks.add(() -> LifecycleEventJson.validate(good ? valid : invalid).isEmpty() == good);
			}
			for (Future<Boolean> result : executor.invokeAll(tasks)) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static String occurredAtWritten(String instant) {
		return Fixtures.tree(LifecycleEventJson.write(terminated(Instant.parse(instant)))).get("occurredAt").asString();
	}

	private static ServiceTerminated terminated(Instant occurredAt) {
		return new ServiceTerminated(EVENT_ID, occurredAt, 42, null, null, null);
	}

	private static LifecycleEvent read(String json) {
		return LifecycleEventJson.read(json.getBytes(StandardCharsets.UTF_8));
	}

	private static LifecycleEvent read(ObjectNode event) {
		return LifecycleEventJson.read(LifecycleEventJson.mapper().writeValueAsBytes(event));
	}

	private static String fixtureText(String name) {
		return new String(Fixtures.bytes(name), StandardCharsets.UTF_8);
	}

}
