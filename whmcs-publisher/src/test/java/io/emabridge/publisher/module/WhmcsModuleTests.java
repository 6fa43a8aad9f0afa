package io.emabridge.publisher.module;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.publisher.GatewayIntegrationTests;
import io.emabridge.testsupport.PhpUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The PHP module's own tests, and the module driving the real gateway into Kafka. */
class WhmcsModuleTests extends GatewayIntegrationTests {

	private static final Path MODULE_ROOT = Path.of("whmcs");

	@TempDir
	Path dir;

	/**
	 * The module's PHPUnit tests, each reported as a test of its own (grouped by PHP
	 * class), so that the build's test report lists every one with its outcome.
	 */
	@TestFactory
	Stream<DynamicNode> moduleTests() throws Exception {
		PhpUnit.assumeInstalled();

		return PhpUnit.run(MODULE_ROOT, List.of(), Map.of()).dynamicTests();
	}

	/**
	 * The module's gateway tests against the running gateway, each a test of its own,
	 * then what they sent checked on the topic.
	 */
	@TestFactory
	Stream<DynamicNode> moduleActionsReachKafkaThroughTheGatewayWithKeyAndHeaders() throws Exception {
		PhpUnit.assumeInstalled();
		Path sent = this.dir.resolve("sent-events.jsonl");

		PhpUnit.Result result = PhpUnit.run(MODULE_ROOT, List.of("--group", "gateway"),
				Map.of("EMA_GATEWAY_URL", "http://127.0.0.1:" + this.port, "EMA_GATEWAY_SECRET", SECRET,
						"EMA_SENT_EVENTS_FILE", sent.toString()));

		return Stream.concat(result.dynamicTests(),
				Stream
					.of(DynamicTest.dynamicTest("every event the module sent is on the topic with its key and headers",
							() -> assertSentEventsOnTheTopic(result, sent))));
	}

	private static void assertSentEventsOnTheTopic(PhpUnit.Result result, Path sent) throws Exception {
		// every gateway test ran (none skipped for want of the gateway) and none printed
		// the secret
		assertThat(result.output()).doesNotContain("Skipped").doesNotContain(SECRET);
		List<JsonNode> expected = Files.readAllLines(sent, StandardCharsets.UTF_8)
			.stream()
			.map((line) -> LifecycleEventJson.mapper().readTree(line))
			.toList();
		assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
		Map<String, ConsumerRecord<String, byte[]>> byEventId = new HashMap<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			byEventId.putAll(allRecordsByEventId());
			for (JsonNode event : expected) {
				assertThat(byEventId).containsKey(event.get("eventId").asString());
			}
		});
		for (JsonNode event : expected) {
			ConsumerRecord<String, byte[]> record = byEventId.get(event.get("eventId").asString());
			String serviceId = event.get("serviceId").asString();
			assertThat(record.key()).isEqualTo(serviceId);
			assertThat(header(record, "ce_type")).isEqualTo(event.get("type").asString());
			assertThat(header(record, "ce_subject")).isEqualTo(serviceId);
			JsonNode body = LifecycleEventJson.mapper().readTree(record.value());
			assertThat(body.get("type").asString()).isEqualTo(event.get("type").asString());
			assertThat(LifecycleEventJson.validate(record.value())).isEmpty();
		}
	}

	private static Map<String, ConsumerRecord<String, byte[]>> allRecordsByEventId() {
		Map<String, ConsumerRecord<String, byte[]>> records = new HashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = consumer()) {
			List<TopicPartition> partitions = new ArrayList<>();
			consumer.partitionsFor(TOPIC)
				.forEach((info) -> partitions.add(new TopicPartition(TOPIC, info.partition())));
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < end.get(tp))) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					records.put(header(record, "ce_id"), record);
				}
			}
		}
		return records;
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
