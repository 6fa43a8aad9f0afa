package io.emabridge.model.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What the v1 schema refuses, checked through {@link LifecycleEventJson#validate}, which
 * must never throw.
 */
class LifecycleEventSchemaTests {

	@Test
	void missingEventIdIsRequired() {
		assertThat(validateCreate((event) -> event.remove("eventId")))
			.containsExactly(new Violation("/eventId", "is required"));
	}

	@Test
	void everyRequiredFieldIsReportedWhenMissing() {
		assertThat(validate("{}")).extracting(Violation::field)
			.containsExactlyInAnyOrder("/eventId", "/type", "/occurredAt", "/serviceId");
	}

	@Test
	void nullRequiredFieldIsRejected() {
		assertThat(validateCreate((event) -> event.putNull("serviceId"))).extracting(Violation::field)
			.containsExactly("/serviceId");
		assertThat(validateCreate((event) -> event.putNull("eventId"))).extracting(Violation::field)
			.containsExactly("/eventId");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-a-uuid", "0b5e1d0c4c0e4d9a9c550d3c1c9f2b11", "0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b1",
			"0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11 ", "{0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11}",
			"0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b1g", "0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11\n", "" })
	void malformedEventIdIsRejected(String eventId) {
		assertThat(validateCreate((event) -> event.put("eventId", eventId)))
			.containsExactly(new Violation("/eventId", "must be a UUID such as 0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11"));
	}

	@Test
	void upperCaseEventIdIsAccepted() {
		assertThat(validateCreate((event) -> event.put("eventId", "0B5E1D0C-4C0E-4D9A-9C55-0D3C1C9F2B11"))).isEmpty();
	}

	@Test
	void numericEventIdIsRejected() {
		assertThat(validateCreate((event) -> event.put("eventId", 12))).extracting(Violation::field)
			.containsExactly("/eventId");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, Long.MIN_VALUE })
	void serviceIdBelowOneIsRejected(long serviceId) {
		assertThat(validateCreate((event) -> event.put("serviceId", serviceId)))
			.containsExactly(new Violation("/serviceId", "must have a minimum value of 1"));
	}

	@Test
	void serviceIdAsStringIsRejected() {
		assertThat(validateCreate((event) -> event.put("serviceId", "4711"))).extracting(Violation::field)
			.containsExactly("/serviceId");
	}

	@Test
	void serviceIdWithFractionIsRejected() {
		assertThat(validateCreate((event) -> event.put("serviceId", 4711.5))).extracting(Violation::field)
			.containsExactly("/serviceId");
	}

	@Test
	void serviceIdBeyondLongRangeIsRejected() {
		assertThat(validate(fixtureText("service-terminate.json").replace("4711", "9223372036854775808")))
			.extracting(Violation::field)
			.containsExactly("/serviceId");
	}

	@Test
	void largestLongServiceIdIsAccepted() {
		assertThat(validate(fixtureText("service-terminate.json").replace("4711", "9223372036854775807"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "clientId", "productId", "serverId" })
	void optionalIdsMustBePositive(String field) {
		assertThat(validateCreate((event) -> event.put(field, 0))).extracting(Violation::field)
			.containsExactly("/" + field);
		assertThat(validateCreate((event) -> event.put(field, "815"))).extracting(Violation::field)
			.containsExactly("/" + field);
	}

	@ParameterizedTest
	@ValueSource(strings = { "service.created", "SERVICE.CREATE", "service.delete", "", "create" })
	void unknownTypeIsRejected(String type) {
		List<Violation> violations = validateCreate((event) -> event.put("type", type));
		assertThat(violations).extracting(Violation::field).contains("/type");
		assertThat(violations).filteredOn((violation) -> violation.field().equals("/type"))
			.singleElement()
			.extracting(Violation::message)
			.asString()
			.contains("service.create", "service.terminate");
	}

	@Test
	void unknownTypeAlsoRejectsFieldsOfOtherTypes() {
		assertThat(validateCreate((event) -> event.put("type", "service.renew"))).extracting(Violation::field)
			.contains("/type", "/domain", "/client", "/options");
	}

	@Test
	void typeThatIsNotAStringIsRejected() {
		assertThat(validate(fixtureText("service-terminate.json").replace("\"service.terminate\"", "3")))
			.extracting(Violation::field)
			.containsExactly("/type");
	}

	@Test
	void unknownTopLevelPropertyIsRejected() {
		assertThat(validateCreate((event) -> event.put("tenant", "acme")))
			.containsExactly(new Violation("/tenant", "is not allowed in a service.create event"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "service-suspend.json", "service-unsuspend.json", "service-terminate.json" })
	void unknownTopLevelPropertyIsRejectedForEveryType(String fixture) {
		ObjectNode event = (ObjectNode) Fixtures.tree(fixture);
		event.put("extra", true);
		assertThat(validate(event)).extracting(Violation::field).containsExactly("/extra");
	}

	@Test
	void unknownClientPropertyIsRejected() {
		assertThat(validateCreate((event) -> ((ObjectNode) event.get("client")).put("phone", "+49 30 1234")))
			.containsExactly(new Violation("/client/phone", "is not allowed"));
	}

	@Test
	void unknownOptionsPropertyIsRejected() {
		assertThat(validateCreate((event) -> ((ObjectNode) event.get("options")).put("quota", 5)))
			.containsExactly(new Violation("/options/quota", "is not allowed"));
	}

	@Test
	void nestedViolationIsReportedAtItsOwnPathOnly() {
		assertThat(validateCreate((event) -> ((ObjectNode) event.get("client")).put("email", "x".repeat(255))))
			.extracting(Violation::field)
			.containsExactly("/client/email");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-26T19:31:08Z", "2026-11-26T19:31:08.123Z", "2026-11-26T19:31:08.123456789Z",
			"2026-11-26T19:31:08.123456+00:00", "2026-11-26T20:31:08.123456+01:00", "2026-11-26T19:31:08.123456",
			"2026-11-26 19:31:08.123456Z", "2026-11-26T19:31:08.123456z", "2026-13-26T19:31:08.123456Z",
			"2026-11-26T24:00:00.000000Z", "2026-11-26T19:31:08.123456Z\n", "1764185468", "" })
	void occurredAtOtherThanUtcWithMicrosecondsIsRejected(String occurredAt) {
		assertThat(validateCreate((event) -> event.put("occurredAt", occurredAt))).containsExactly(new Violation(
				"/occurredAt",
				"must be an RFC 3339 UTC time with exactly six fraction digits, such as 2026-11-26T19:31:08.123456Z"));
	}

	@Test
	void occurredAtAsNumberIsRejected() {
		assertThat(validateCreate((event) -> event.put("occurredAt", 1764185468L))).extracting(Violation::field)
			.containsExactly("/occurredAt");
	}

	@Test
	void suspendReasonOnCreateIsRejected() {
		assertThat(validateCreate((event) -> event.put("suspendReason", "overdue")))
			.containsExactly(new Violation("/suspendReason", "is not allowed in a service.create event"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "service-suspend.json", "service-unsuspend.json", "service-terminate.json" })
	void createFieldsOnOtherTypesAreRejected(String fixture) {
		ObjectNode event = (ObjectNode) Fixtures.tree(fixture);
		event.put("domain", "acme.com");
		event.putObject("client").put("email", "a@acme.com");
		event.putObject("options").put("plan", "business");
		assertThat(validate(event)).extracting(Violation::field)
			.containsExactlyInAnyOrder("/domain", "/client", "/options");
	}

	@ParameterizedTest
	@ValueSource(strings = { "service-unsuspend.json", "service-terminate.json" })
	void suspendReasonOnlyBelongsToSuspend(String fixture) {
		ObjectNode event = (ObjectNode) Fixtures.tree(fixture);
		event.put("suspendReason", "overdue");
		assertThat(validate(event)).extracting(Violation::field).containsExactly("/suspendReason");
	}

	@Test
	void suspendReasonUpTo1000CharactersIsAccepted() {
		ObjectNode event = (ObjectNode) Fixtures.tree("service-suspend.json");
		event.put("suspendReason", "ü".repeat(1000));
		assertThat(validate(event)).isEmpty();
		event.put("suspendReason", "ü".repeat(1001));
		assertThat(validate(event)).extracting(Violation::field).containsExactly("/suspendReason");
	}

	@Test
	void domainLongerThan253CharactersIsRejected() {
		assertThat(validateCreate((event) -> event.put("domain", "a".repeat(253)))).isEmpty();
		assertThat(validateCreate((event) -> event.put("domain", "a".repeat(254)))).extracting(Violation::field)
			.containsExactly("/domain");
	}

	@Test
	void wrongNestedTypesAreRejected() {
		assertThat(validateCreate((event) -> ((ObjectNode) event.get("options")).put("autoGenerateSlug", "yes")))
			.extracting(Violation::field)
			.containsExactly("/options/autoGenerateSlug");
		assertThat(validateCreate((event) -> event.put("client", "Acme"))).extracting(Violation::field)
			.containsExactly("/client");
		assertThat(validateCreate((event) -> ((ObjectNode) event.get("client")).put("email", 5)))
			.extracting(Violation::field)
			.containsExactly("/client/email");
	}

	@Test
	void nullOptionalFieldsAreAccepted() {
		assertThat(validateCreate((event) -> {
			event.putNull("clientId");
			event.putNull("productId");
			event.putNull("serverId");
			event.putNull("domain");
			ObjectNode client = (ObjectNode) event.get("client");
			client.putNull("companyName");
			client.putNull("email");
			ObjectNode options = (ObjectNode) event.get("options");
			options.putNull("autoGenerateSlug");
			options.putNull("requestedSlug");
		})).isEmpty();
		assertThat(validateCreate((event) -> {
			event.putNull("client");
			event.putNull("options");
		})).isEmpty();
		ObjectNode suspend = (ObjectNode) Fixtures.tree("service-suspend.json");
		suspend.putNull("suspendReason");
		assertThat(validate(suspend)).isEmpty();
	}

	@Test
	void emptyNestedObjectsAreAccepted() {
		assertThat(validateCreate((event) -> {
			event.putObject("client");
			event.putObject("options");
		})).isEmpty();
	}

	@Test
	void onlyRequiredFieldsAreEnoughForEveryType() {
		for (EventType type : EventType.values()) {
			String json = "{\"eventId\":\"0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11\",\"type\":\"" + type.wireName()
					+ "\",\"occurredAt\":\"2026-11-26T19:31:08.123456Z\",\"serviceId\":1}";
			assertThat(validate(json)).as(type.wireName()).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "{\"eventId\":", "{\"eventId\":\"0b5e1d0c", "{\"serviceId\":1,}", "{'type':1}",
			"{\"a\":1}}", "{\"a\":1} {\"b\":2}", "nul", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":1 /* c */}" })
	void malformedJsonYieldsOneDocumentViolation(String json) {
		List<Violation> violations = validate(json);
		assertThat(violations).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEmpty();
			assertThat(violation.message()).startsWith("Malformed JSON");
		});
	}

	@Test
	void duplicatePropertyIsMalformed() {
		String json = fixtureText("service-terminate.json").replace("\"serviceId\": 4711",
				"\"serviceId\": 4711, \"serviceId\": 4712");
		assertThat(validate(json)).singleElement().extracting(Violation::message).asString().contains("Duplicate");
	}

	@Test
	void truncatedFixtureIsMalformed() {
		byte[] fixture = Fixtures.bytes("service-create.json");
		for (int length = 1; length < fixture.length - 2; length += 7) {
			List<Violation> violations = LifecycleEventJson.validate(Arrays.copyOf(fixture, length));
			assertThat(violations).as("first %d bytes", length)
				.singleElement()
				.extracting(Violation::field)
				.isEqualTo("");
		}
	}

	@Test
	void invalidUtf8YieldsOneDocumentViolation() {
		byte[] fixture = fixtureText("service-terminate.json").replace("4711", "4711, \"x\": \"@@\"")
			.getBytes(StandardCharsets.UTF_8);
		int at = new String(fixture, StandardCharsets.UTF_8).indexOf("@@");
		fixture[at] = (byte) 0xC3;
		fixture[at + 1] = (byte) 0x28;
		assertThat(LifecycleEventJson.validate(fixture)).singleElement().extracting(Violation::field).isEqualTo("");
	}

	@Test
	void loneContinuationAndOverlongBytesYieldOneDocumentViolation() {
		for (byte[] body : new byte[][] { { (byte) 0x80 }, { '"', (byte) 0xC0, (byte) 0x80, '"' },
				{ '{', '"', (byte) 0xFF, '"', ':', '1', '}' },
				{ '{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}' } }) {
			assertThat(LifecycleEventJson.validate(body)).singleElement().extracting(Violation::field).isEqualTo("");
		}
	}

	@Test
	void utf16BodyYieldsOneDocumentViolation() {
		byte[] body = fixtureText("service-terminate.json").getBytes(StandardCharsets.UTF_16LE);
		assertThat(LifecycleEventJson.validate(body)).singleElement().extracting(Violation::field).isEqualTo("");
	}

	@Test
	void emptyBodyYieldsOneDocumentViolation() {
		assertThat(LifecycleEventJson.validate(new byte[0]))
			.containsExactly(new Violation("", "Empty body, expected a JSON object"));
		assertThat(LifecycleEventJson.validate(null))
			.containsExactly(new Violation("", "Empty body, expected a JSON object"));
		assertThat(validate(" \n\t ")).containsExactly(new Violation("", "Empty body, expected a JSON object"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "[{\"type\":\"service.create\"}]", "\"service.create\"", "42", "true", "null" })
	void documentThatIsNotAnObjectIsRejected(String json) {
		assertThat(validate(json)).singleElement().extracting(Violation::field).isEqualTo("");
	}

	@Test
	void deeplyNestedArraysYieldOneViolationWithoutOverflowingTheStack() {
		List<Violation> violations = validate("[".repeat(100_000));
		assertThat(violations).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEmpty();
			assertThat(violation.message()).contains("nesting depth");
		});
	}

	@Test
	void deeplyNestedObjectsInsideAnEventYieldOneViolation() {
		String nested = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
		assertThat(validate(fixtureText("service-terminate.json").replace("4711", "4711, \"x\": " + nested)))
			.singleElement()
			.extracting(Violation::field)
			.isEqualTo("");
	}

	@Test
	void nestingWithinTheLimitIsValidatedNormally() {
		String nested = "[".repeat(60) + "]".repeat(60);
		assertThat(validate(fixtureText("service-terminate.json").replace("4711", "4711, \"x\": " + nested)))
			.containsExactly(new Violation("/x", "is not allowed in a service.terminate event"));
	}

	@Test
	void bodyLargerThanTheLimitYieldsOneDocumentViolation() {
		String padding = " ".repeat(LifecycleEventJson.MAX_DOCUMENT_BYTES);
		assertThat(validate(fixtureText("service-terminate.json") + padding)).singleElement()
			.extracting(Violation::message)
			.asString()
			.contains("exceeds the limit");
	}

	@Test
	void randomBytesNeverThrow() {
		Random random = new Random(20261126);
		byte[] fixture = Fixtures.bytes("service-create.json");
		for (int i = 0; i < 2_000; i++) {
			byte[] body;
			if (i % 2 == 0) {
				body = new byte[random.nextInt(64)];
				random.nextBytes(body);
			}
			else {
				body = fixture.clone();
				for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
					body[random.nextInt(body.length)] = (byte) random.nextInt(256);
				}
			}
			byte[] input = body;
			assertThatNoException().isThrownBy(() -> LifecycleEventJson.validate(input));
		}
	}

	private static List<Violation> validateCreate(Consumer<ObjectNode> change) {
		ObjectNode event = (ObjectNode) Fixtures.tree("service-create.json");
		change.accept(event);
		return validate(event);
	}

	private static List<Violation> validate(ObjectNode event) {
		return LifecycleEventJson.validate(LifecycleEventJson.mapper().writeValueAsBytes(event));
	}

	private static List<Violation> validate(String json) {
		return LifecycleEventJson.validate(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String fixtureText(String name) {
		return new String(Fixtures.bytes(name), StandardCharsets.UTF_8);
	}

}
