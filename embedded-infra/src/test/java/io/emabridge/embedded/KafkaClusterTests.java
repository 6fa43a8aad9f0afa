package io.emabridge.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class KafkaClusterTests {

	@TempDir
	Path dir;

	@Test
	void aLayoutNeedsOneClientAndOneControllerPortPerNode() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KafkaCluster.Layout(this.dir, this.dir, List.of(1, 2), List.of(3), List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KafkaCluster.Layout(this.dir, this.dir, List.of(), List.of(), List.of()));
	}

	@Test
	void acknowledgedRecordsSurviveTheKillOfAnyOneNode() throws Exception {
		KafkaCluster.Layout layout = KafkaCluster.Layout.onFreePorts(this.dir, this.dir.resolve("logs"), 3);
		try (KafkaCluster cluster = KafkaCluster.start(layout, Map.of())) {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
				// replicas and min.insync.replicas left to the cluster's defaults
				admin.createTopics(List.of(new NewTopic("replicated", 1, (short) -1))).all().get();
				// the controller has the topic; the broker asked may learn of it a moment
				// later (UnknownTopicOrPartition until then)
				TopicDescription topic = await().atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.until(() -> admin.describeTopics(Set.of("replicated")).allTopicNames().get().get("replicated"),
							(description) -> description != null);
				assertThat(topic.partitions().get(0).replicas()).hasSize(3);
				var resource = new ConfigResource(ConfigResource.Type.TOPIC, "replicated");
				assertThat(admin.describeConfigs(Set.of(resource))
					.all()
					.get()
					.get(resource)
					.get("min.insync.replicas")
					.value()).isEqualTo("2");
			}
			List<String> sent = new ArrayList<>();
			try (var producer = producer(cluster)) {
				send(producer, "before", sent);
				int leader = leaderOf(cluster);
				cluster.kill(leader);
				assertThat(cluster.node(leader).isAlive()).isFalse();
				send(producer, "while node " + leader + " is down", sent);
				cluster.restart(leader);
				cluster.awaitFullyReplicated(Duration.ofMinutes(1));
				int another = (leader % 3) + 1;
				cluster.kill(another);
				send(producer, "while node " + another + " is down", sent);
			}
			assertThat(readAll(cluster)).containsExactlyElementsOf(sent);
		}
	}

	private static void send(KafkaProducer<String, String> producer, String value, List<String> sent) throws Exception {
		producer.send(new ProducerRecord<>("replicated", "42", value)).get(60, TimeUnit.SECONDS);
		sent.add(value);
	}

	private static int leaderOf(KafkaCluster cluster) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
			return admin.describeTopics(Set.of("replicated"))
				.allTopicNames()
				.get()
				.get("replicated")
				.partitions()
				.get(0)
				.leader()
				.id();
		}
	}

	private static KafkaProducer<String, String> producer(KafkaCluster cluster) {
		return new KafkaProducer<>(
				Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers(), "acks", "all",
						"enable.idempotence", "true", "delivery.timeout.ms", 60_000),
				new StringSerializer(), new StringSerializer());
	}

	private static List<String> readAll(KafkaCluster cluster) {
		try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()),
				new StringDeserializer(), new StringDeserializer())) {
			TopicPartition partition = new TopicPartition("replicated", 0);
			consumer.assign(Set.of(partition));
			consumer.seekToBeginning(Set.of(partition));
			List<String> values = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (values.size() < 3 && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(500))
					.records(partition)
					.stream()
					.map(ConsumerRecord::value)
					.forEach(values::add);
			}
			return values;
		}
	}

}
