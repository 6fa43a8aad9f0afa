package io.emabridge.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.emabridge.testsupport.SharedKafka;

/**
 * Dead letters shaped as the workers write them (spring-kafka's recoverer headers, ours,
 * and the original record's CloudEvents headers), written straight to a test topic, and a
 * way to read a topic back.
 */
public final class DeadLetterFixtures implements AutoCloseable {

	private final KafkaProducer<byte[], byte[]> producer;

	public DeadLetterFixtures() {
		this.producer = clients().producer();
	}

	public static KafkaClients clients() {
		return new KafkaClients(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), Duration.ofSeconds(20));
	}

	public void write(String dltTopic, Letter... letters) {
		List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
		for (Letter letter : letters) {
			RecordHeaders headers = new RecordHeaders();
			header(headers, "ce_id", letter.eventId());
			header(headers, "ce_type", "io.emabridge." + letter.type());
			header(headers, "ce_source", "/whmcs/gateway");
			header(headers, "ce_subject", Long.toString(letter.serviceId()));
			header(headers, "content-type", "application/json");
			if (letter.originalTopic() != null) {
				header(headers, "kafka_dlt-original-topic", letter.originalTopic());
			}
			header(headers, "kafka_dlt-original-partition", "0");
			header(headers, "kafka_dlt-original-offset", "7");
			header(headers, "kafka_dlt-exception-fqcn", "io.emabridge.provisioning.lifecycle.DeadLetteredException");
			header(headers, "kafka_dlt-exception-message", "archive answered 401 for " + letter.reason());
			header(headers, "ema_dlt_reason", letter.reason());
			header(headers, "ema_dlt_attempts", "3");
			header(headers, "ema_dlt_first_failure", letter.deadLetteredAt().minusSeconds(60).toString());
			header(headers, "ema_dlt_last_failure", letter.deadLetteredAt().toString());
			sent.add(this.producer.send(new ProducerRecord<>(dltTopic, null, letter.deadLetteredAt().toEpochMilli(),
					bytes(Long.toString(letter.serviceId())), letter.value(), headers)));
		}
		await(sent);
	}

	/**
	 * A record as any other worker might dead-letter it: spring-kafka's headers only, any
	 * key.
	 */
	public void writePlain(String dltTopic, String key, String value, String originalTopic, String exceptionClass) {
		RecordHeaders headers = new RecordHeaders();
		header(headers, "kafka_dlt-original-topic", originalTopic);
		header(headers, "kafka_dlt-exception-fqcn", exceptionClass);
		await(List.of(this.producer.send(new ProducerRecord<>(dltTopic, null, bytes(key), bytes(value), headers))));
	}

	/** Every record of the topic now, read to its end. */
	public static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = clients().consumer()) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void header(RecordHeaders headers, String name, String value) {
		headers.add(name, bytes(value));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void await(List<? extends java.util.concurrent.Future<?>> sent) {
		try {
			for (var future : sent) {
				future.get();
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
	}

	/** A lifecycle event's dead letter. */
	public record Letter(String eventId, long serviceId, String type, String reason, String originalTopic,
			Instant deadLetteredAt) {

		public static Letter of(long serviceId, String type, String reason, String originalTopic, Instant at) {
			return new Letter(UUID.randomUUID().toString(), serviceId, type, reason, originalTopic, at);
		}

		public byte[] value() {
			return ("{\"eventId\":\"" + this.eventId + "\",\"type\":\"" + this.type + "\",\"occurredAt\":\""
					+ this.deadLetteredAt + "\",\"serviceId\":" + this.serviceId + "}")
				.getBytes(StandardCharsets.UTF_8);
		}
	}

}
