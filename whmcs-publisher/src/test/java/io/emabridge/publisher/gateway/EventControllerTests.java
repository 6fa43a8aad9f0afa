package io.emabridge.publisher.gateway;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.publisher.Events;
import io.emabridge.publisher.GatewayClient;
import io.emabridge.publisher.GatewayClient.Answer;
import io.emabridge.publisher.GatewayIntegrationTests;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

class EventControllerTests extends GatewayIntegrationTests {

	@ParameterizedTest
	@EnumSource(EventType.class)
	void acceptedEventIsOnTheTopicWithItsKeyBodyAndCloudEventsHeaders(EventType type) {
		long serviceId = TestNames.serviceId();
		UUID eventId = newEventId();
		byte[] body = Events.json(type, eventId, serviceId);

		Answer answer = this.client.postEvent(body);

		assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
		JsonNode json = answer.json();
		assertThat(json.get("eventId").asString()).isEqualTo(eventId.toString());
		assertThat(json.get("topic").asString()).isEqualTo(TOPIC);
		int partition = json.get("partition").asInt();
		long offset = json.get("offset").asLong();
		assertThat(partition).isBetween(0, PARTITIONS - 1);
		assertThat(offset).isNotNegative();

		ConsumerRecord<String, byte[]> record = recordAt(partition, offset);
		assertThat(record.key()).isEqualTo(Long.toString(serviceId));
		assertThat(record.value()).isEqualTo(body);
		String occurredAt = LifecycleEventJson.mapper().readTree(body).get("occurredAt").asString();
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(header(record, "ce_id")).isEqualTo(eventId.toString());
		assertThat(header(record, "ce_type")).isEqualTo(type.wireName());
		assertThat(header(record, "ce_source")).isEqualTo("/whmcs/gateway");
		assertThat(header(record, "ce_time")).isEqualTo(occurredAt);
		assertThat(header(record, "ce_subject")).isEqualTo(Long.toString(serviceId));
		assertThat(header(record, "content-type")).isEqualTo("application/json");
	}

	@Test
	void eventsOfOneServiceLandInOnePartitionInOrder() {
		long serviceId = TestNames.serviceId();
		JsonNode first = this.client.postEvent(Events.json(EventType.CREATE, newEventId(), serviceId)).json();
		JsonNode second = this.client.postEvent(Events.json(EventType.SUSPEND, newEventId(), serviceId)).json();

		assertThat(second.get("partition").asInt()).isEqualTo(first.get("partition").asInt());
		assertThat(second.get("offset").asLong()).isGreaterThan(first.get("offset").asLong());
	}

	@Test
	void chunkedBodyIsAccepted() {
		byte[] body = Events.create(TestNames.serviceId());

		Answer answer = this.client.send(this.client.signed(this.client.request("/api/whmcs/events"), body)
			.header("Content-Type", "application/json; charset=utf-8")
			.POST(GatewayClient.chunked(body)));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
	}

	static Stream<Arguments> invalidBodies() {
		long serviceId = TestNames.serviceId();
		String valid = Events.text(EventType.SUSPEND, UUID.randomUUID(), serviceId);
		String create = Events.text(EventType.CREATE, UUID.randomUUID(), serviceId);
		byte[] invalidUtf8 = withRawBytes(valid.replace("Overdue on payment", "Overdue @@"), (byte) 0xC3, (byte) 0x28);
		return Stream.of(Arguments.of("malformed", bytes("{\"eventId\": nope}"), ""),
				Arguments.of("truncated", bytes(valid.substring(0, valid.length() / 2)), ""),
				Arguments.of("empty", new byte[0], ""), Arguments.of("not an object", bytes("[1, 2, 3]"), ""),
				Arguments.of("invalid UTF-8", invalidUtf8, ""),
				Arguments.of("deeply nested", bytes("[".repeat(5000) + "]".repeat(5000)), ""),
				Arguments.of("deeply nested field",
						bytes(valid.replace("\"Overdue on payment\"", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000))),
						""),
				Arguments.of("service id as a string",
						bytes(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":\"" + serviceId + "\"")),
						"/serviceId"),
				Arguments.of("negative service id",
						bytes(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":-5")), "/serviceId"),
				Arguments.of("missing service id", bytes(valid.replace("\"serviceId\":" + serviceId + ",", "")),
						"/serviceId"),
				Arguments.of("unknown type", bytes(valid.replace("service.suspend", "service.delete")), "/type"),
				Arguments.of("unknown field", bytes(valid.replace("{", "{\"deleteEverything\":true,")),
						"/deleteEverything"),
				Arguments.of("event id not a UUID",
						bytes(valid.replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"42\"")), "/eventId"),
				Arguments.of("time without microseconds", bytes(valid.replaceFirst("\\.\\d{6}Z", "Z")), "/occurredAt"),
				Arguments.of("date that does not exist (fits the schema's pattern, not the calendar)",
						bytes(valid.replaceFirst("\"occurredAt\":\"[^\"]+\"",
								"\"occurredAt\":\"2026-02-30T10:00:00.000000Z\"")),
						""),
				// valid JSON that storage cannot hold: what PHP's json_encode makes of a
				// NUL
				// byte, other control characters, and UTF-16 surrogates without their
				// pair
				Arguments.of("NUL in the company name", bytes(create.replace("Acme Hosting", "Null\\u0000Byte GmbH")),
						"/client/companyName"),
				Arguments.of("escape character in the suspend reason",
						bytes(valid.replace("Overdue on payment", "\\u001b[31mOverdue")), "/suspendReason"),
				Arguments.of("form feed in the first name", bytes(create.replace("Ada", "A\\fda")),
						"/client/firstName"),
				Arguments.of("DEL in the last name", bytes(create.replace("Lovelace", "Love\\u007Flace")),
						"/client/lastName"),
				Arguments.of("C1 control, escaped, in the domain",
						bytes(create.replace("example.com", "exa\\u0085mple.com")), "/domain"),
				Arguments.of("C1 control, raw UTF-8, in the plan", bytes(create.replace("standard", "stan\u009Bdard")),
						"/options/plan"),
				Arguments.of("lone high surrogate in the suspend reason",
						bytes(valid.replace("Overdue on payment", "Overdue \\ud800")), "/suspendReason"),
				Arguments.of("lone low surrogate in the e-mail", bytes(create.replace("ada@", "\\udc00ada@")),
						"/client/email"),
				Arguments.of("surrogates in the wrong order in the slug prefix",
						bytes(create.replace("\"acme\"", "\"\\ude00\\ud83dacme\"")), "/options/slugPrefix"));
	}

	@Test
	void tabsNewlinesAndCharactersBeyondTheBasicPlaneAreAccepted() {
		String create = Events.text(EventType.CREATE, newEventId(), TestNames.serviceId());
		byte[] body = bytes(create.replace("Acme Hosting", "Acme\\tHosting\\r\\nLtd \\ud83d\\ude00 \uFFFD Müller"));

		Answer answer = this.client.postEvent(body);

		assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidBodies")
	void invalidBodyIsRefusedWithProblemNamingTheFieldAndNotPublished(String description, byte[] body, String field) {
		long before = recordsOnTopic();

		Answer answer = this.client.postEvent(body);

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = answer.json();
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("type").asString()).isNotBlank();
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("errors").valueStream().map((error) -> error.get("field").asString()))
			.as(answer.toString())
			.contains(field);
		assertThat(problem.get("errors").valueStream().map((error) -> error.get("message").asString()))
			.allSatisfy((message) -> assertThat(message).isNotBlank());
		assertNothingPublishedSince(before);
	}

	@Test
	void bodyOverTheLimitIsRefusedWith413() {
		long before = recordsOnTopic();
		byte[] body = oversizedEvent();

		Answer answer = this.client.postEvent(body);

		assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().get("detail").asString()).contains("65536");
		assertNothingPublishedSince(before);
	}

	@Test
	void chunkedBodyOverTheLimitIsRefusedWith413() {
		long before = recordsOnTopic();
		byte[] body = oversizedEvent();

		Answer answer = this.client.send(this.client.signed(this.client.request("/api/whmcs/events"), body)
			.header("Content-Type", "application/json")
			.POST(GatewayClient.chunked(body)));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
		assertNothingPublishedSince(before);
	}

	@Test
	void wrongContentTypeIsRefusedWith415() {
		long before = recordsOnTopic();
		byte[] body = Events.create(TestNames.serviceId());

		Answer answer = this.client.send(this.client.signed(this.client.request("/api/whmcs/events"), body)
			.header("Content-Type", "text/plain")
			.POST(BodyPublishers.ofByteArray(body)));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().get("type").asString()).isEqualTo("urn:emabridge:problem:unsupported-media-type");
		assertNothingPublishedSince(before);
	}

	@Test
	void missingContentTypeIsRefusedWith415() {
		byte[] body = Events.create(TestNames.serviceId());

		Answer answer = this.client.send(this.client.signed(this.client.request("/api/whmcs/events"), body)
			.POST(BodyPublishers.ofByteArray(body)));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
	}

	@Test
	void callerThatDoesNotAcceptJsonIsRefusedBeforeAnythingIsPublished() {
		long before = recordsOnTopic();
		byte[] body = Events.create(TestNames.serviceId());

		Answer answer = this.client.send(this.client.signed(this.client.request("/api/whmcs/events"), body)
			.header("Content-Type", "application/json")
			.header("Accept", "text/html")
			.POST(BodyPublishers.ofByteArray(body)));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(406);
		assertNothingPublishedSince(before);
	}

	@Test
	void wrongMethodIsRefusedWith405() {
		Answer answer = this.client
			.send(this.client.signed(this.client.request("/api/whmcs/events"), new byte[0]).GET());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().get("type").asString()).isEqualTo("urn:emabridge:problem:method-not-allowed");
		assertThat(answer.header("Allow")).contains("POST");
	}

	@Test
	void unknownPathAnswersProblemJson() {
		Answer answer = this.client
			.send(this.client.signed(this.client.request("/api/whmcs/nothing"), new byte[0]).GET());

		assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
	}

	private static byte[] oversizedEvent() {
		String padding = "x".repeat(70 * 1024);
		return bytes(Events.text(EventType.SUSPEND, UUID.randomUUID(), TestNames.serviceId())
			.replace("Overdue on payment", padding));
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The text with its first {@code @@} replaced by two raw bytes. */
	private static byte[] withRawBytes(String text, byte first, byte second) {
		byte[] bytes = bytes(text);
		int at = text.indexOf("@@");
		bytes[at] = first;
		bytes[at + 1] = second;
		return bytes;
	}

}
