package io.emabridge.publisher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that run the whole gateway on a random port against the shared
 * broker. All subclasses share one application context and one random topic, so the
 * gateway starts once per test run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTests {

	protected static final String SECRET = "current-secret-9f2c";

	protected static final String PREVIOUS_SECRET = "previous-secret-41ab";

	protected static final String TOPIC = TestNames.topic("lifecycle");

	protected static final int PARTITIONS = 3;

	@LocalServerPort
	protected int port;

	protected GatewayClient client;

	@DynamicPropertySource
	static void gatewayProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
		registry.add("ema.gateway.topic", () -> TOPIC);
		registry.add("ema.gateway.partitions", () -> PARTITIONS);
		registry.add("ema.gateway.secrets", () -> SECRET + "," + PREVIOUS_SECRET);
	}

	@BeforeEach
	void connect() {
		this.client = new GatewayClient(this.port, SECRET);
	}

	/** The record stored at a partition and offset, as a 202 reported it. */
	protected static ConsumerRecord<String, byte[]> recordAt(int partition, long offset) {
		try (KafkaConsumer<String, byte[]> consumer = consumer()) {
			TopicPartition tp = new TopicPartition(TOPIC, partition);
			consumer.assign(List.of(tp));
			consumer.seek(tp, offset);
			ConsumerRecord<String, byte[]>[] found = new ConsumerRecord[1];
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					if (record.offset() == offset) {
						found[0] = record;
					}
				}
				return found[0] != null;
			});
			return found[0];
		}
	}

	/** How many records the topic holds, over all partitions. */
	protected static long recordsOnTopic() {
		try (KafkaConsumer<String, byte[]> consumer = consumer()) {
			List<TopicPartition> partitions = consumer.partitionsFor(TOPIC)
				.stream()
				.map((info) -> new TopicPartition(TOPIC, info.partition()))
				.toList();
			return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
		}
	}

	protected static KafkaConsumer<String, byte[]> consumer() {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, TestNames.groupId("gateway"),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

	/** Asserts that a rejected request left the topic as it was. */
	protected static void assertNothingPublishedSince(long recordsBefore) {
		assertThat(recordsOnTopic()).as("records on the topic").isEqualTo(recordsBefore);
	}

	protected static UUID newEventId() {
		return UUID.randomUUID();
	}

}
