package io.emabridge.support.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The client settings our promises rest on, applied by every service over Boot's
 * {@code spring.kafka.*}: they are not configuration, because changing them would break a
 * guarantee. Keys are strings (service ids, slugs), values the raw bytes that were signed
 * or validated.
 */
public final class KafkaClientSettings {

	private KafkaClientSettings() {
	}

	/**
	 * A producer whose acknowledgement means "stored on every in-sync replica, exactly
	 * once", and whose every wait (metadata, buffer, delivery) ends within
	 * {@code timeout}.
	 */
	public static Map<String, Object> durableProducer(Duration timeout) {
		int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		return Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.ACKS_CONFIG,
				"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis,
				// delivery.timeout.ms must cover linger.ms + request.timeout.ms, or the
				// producer refuses to start
				ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, millis / 2));
	}

	/**
	 * A consumer whose offsets the listener container commits once a record is safely
	 * handled, never automatically, and to which bytes that cannot be deserialized arrive
	 * as such instead of failing the poll.
	 */
	public static Map<String, Object> manualCommitConsumer() {
		return Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				ErrorHandlingDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
				ErrorHandlingDeserializer.class, ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS,
				StringDeserializer.class, ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS,
				ByteArrayDeserializer.class);
	}

}
