package io.emabridge.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaTests {

	@TempDir
	Path dir;

	@Test
	void recordsAcknowledgedBeforeARestartAreReadAfterIt() throws Exception {
		try (LocalKafka kafka = LocalKafka.start(this.dir, 0)) {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("durable", 1, (short) 1))).all().get();
			}
			try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
					kafka.bootstrapServers(), "acks", "all", "enable.idempotence", "true"), new StringSerializer(),
					new StringSerializer())) {
				producer.send(new ProducerRecord<>("durable", "42", "before restart")).get();
			}
		}
		try (LocalKafka kafka = LocalKafka.start(this.dir, 0)) {
			assertThat(readAll(kafka, "durable")).containsExactly("before restart");
		}
	}

	private static List<String> readAll(LocalKafka kafka, String topic) {
		try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
				new StringDeserializer(), new StringDeserializer())) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(Set.of(partition));
			consumer.seekToBeginning(Set.of(partition));
			var records = consumer.poll(Duration.ofSeconds(20));
			return records.records(partition).stream().map(ConsumerRecord::value).toList();
		}
	}

}
