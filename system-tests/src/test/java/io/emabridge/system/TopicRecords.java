package io.emabridge.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bridge's topics as a test reads and writes them: whole topics read to their end,
 * and records written straight to a topic, past the gateway, as a buggy or hostile
 * producer would.
 */
final class TopicRecords implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * How long a write may take: longer than a broker restart, during which the producer
	 * retries by itself (idempotent, so a record is never written twice).
	 */
	private static final Duration SEND_WAIT = Duration.ofMinutes(3);

	private final String bootstrapServers;

	private final ExecutorService sender = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "system-test-records");
		thread.setDaemon(true);
		return thread;
	});

	private KafkaProducer<String, byte[]> producer;

	TopicRecords(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * Writes one record as it is, and returns where it landed once the broker
	 * acknowledged it.
	 */
	RecordMetadata send(ProducerRecord<String, byte[]> record) {
		try {
			return sendAsync(record).get(SEND_WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Record to " + record.topic() + " not acknowledged", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Record to " + record.topic() + " not acknowledged in " + SEND_WAIT, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes one record as it is, without waiting: the future completes with where it
	 * landed once the broker acknowledged it. Records land in the order they were given
	 * (one sending thread, an idempotent producer that retries by itself and never writes
	 * a record twice), also when the broker is away for a while meanwhile: the producer
	 * then blocks the sending thread, never the caller's.
	 */
	CompletableFuture<RecordMetadata> sendAsync(ProducerRecord<String, byte[]> record) {
		CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
		this.sender.execute(() -> {
			try {
				producer().send(record, (metadata, failure) -> {
					if (failure != null) {
						written.completeExceptionally(failure);
					}
					else {
						written.complete(metadata);
					}
				});
			}
			catch (RuntimeException ex) {
				written.completeExceptionally(ex);
			}
		});
		return written;
	}

	private synchronized KafkaProducer<String, byte[]> producer() {
		if (this.producer == null) {
			this.producer = new KafkaProducer<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ProducerConfig.ACKS_CONFIG,
							"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
							ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024,
							ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_WAIT.minusSeconds(10).toMillis(),
							ProducerConfig.MAX_BLOCK_MS_CONFIG, SEND_WAIT.minusSeconds(10).toMillis()),
					new StringSerializer(), new ByteArraySerializer());
		}
		return this.producer;
	}

	/**
	 * Every record of the topic, from its beginning to its end as it is when called, in
	 * partition and offset order; none when the topic does not exist yet.
	 */
	List<ConsumerRecord<String, byte[]>> readAll(String topic) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<PartitionInfo> partitions = consumer.listTopics(WAIT).get(topic);
			if (partitions == null || partitions.isEmpty()) {
				return List.of();
			}
			List<TopicPartition> assigned = partitions.stream()
				.map((partition) -> new TopicPartition(topic, partition.partition()))
				.toList();
			consumer.assign(assigned);
			consumer.seekToBeginning(assigned);
			Map<TopicPartition, Long> end = consumer.endOffsets(assigned, WAIT);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (assigned.stream().anyMatch((partition) -> consumer.position(partition, WAIT) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end in " + WAIT);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
						records.add(record);
					}
				}
			}
			return records;
		}
	}

	@Override
	public synchronized void close() {
		this.sender.shutdownNow();
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(5));
		}
	}

}
