package io.emabridge.deadletters;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients of the tool, all on bytes so that records are copied exactly.
 * {@code connection} holds what reaches the cluster (bootstrap servers, security);
 * everything a replay's guarantees rest on is set here.
 */
public final class KafkaClients {

	private final Map<String, Object> connection;

	private final Duration timeout;

	public KafkaClients(Map<String, Object> connection, Duration timeout) {
		this.connection = Map.copyOf(connection);
		this.timeout = timeout;
	}

	public Duration timeout() {
		return this.timeout;
	}

	/** A consumer without a group: it commits nothing and never creates topics. */
	public KafkaConsumer<byte[], byte[]> consumer() {
		Map<String, Object> config = new HashMap<>(this.connection);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ema-dead-letters-reader");
		return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	/** An idempotent producer that waits for every in-sync replica. */
	public KafkaProducer<byte[], byte[]> producer() {
		int timeoutMs = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		Map<String, Object> config = new HashMap<>(this.connection);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 10_000));
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, Math.min(timeoutMs, 10_000) / 2));
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "ema-dead-letters-replayer");
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	/** Creates the replay memory topic, compacted, unless it exists. */
	public void ensureCompactedTopic(String topic, short replicationFactor) {
		try (Admin admin = Admin.create(this.connection)) {
			Set<String> names = admin.listTopics().names().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (names.contains(topic)) {
				return;
			}
			NewTopic memory = new NewTopic(topic, 1, replicationFactor)
				.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
			admin.createTopics(List.of(memory)).all().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException(
						"Could not create the replay memory topic " + topic + ": " + ex.getCause().getMessage(),
						ex.getCause());
			}
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(
					"Kafka did not answer within " + this.timeout + " while creating the replay memory topic " + topic,
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
