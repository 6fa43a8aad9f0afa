package io.emabridge.publisher.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.publisher.config.GatewayProperties;
import io.emabridge.publisher.metrics.GatewayMetrics;

/**
 * Publishes a validated event and waits, at most the publish timeout, for Kafka's
 * acknowledgement: the gateway must never report success for a record that Kafka has not
 * confirmed.
 */
@Component
public class EventPublisher {

	private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

	private final KafkaTemplate<String, byte[]> template;

	private final GatewayMetrics metrics;

	private final String topic;

	private final String source;

	private final Duration timeout;

	EventPublisher(KafkaTemplate<String, byte[]> template, GatewayMetrics metrics, GatewayProperties properties) {
		this.template = template;
		this.metrics = metrics;
		this.topic = properties.topic();
		this.source = properties.source();
		this.timeout = properties.publishTimeout();
	}

	/**
	 * Sends {@code body}, the event's JSON as received, with the event's key and
	 * CloudEvents headers.
	 * @throws KafkaUnavailableException when Kafka did not acknowledge within the publish
	 * timeout
	 */
	public Published publish(LifecycleEvent event, byte[] body) {
		ProducerRecord<String, byte[]> record = CloudEventRecords.of(this.topic, this.source, event, body);
		long started = System.nanoTime();
		long deadline = started + this.timeout.toNanos();
		try {
			// send() itself may block up to max.block.ms (waiting for metadata); the wait
			// for the ack gets the rest
			CompletableFuture<SendResult<String, byte[]>> sent = this.template.send(record);
			RecordMetadata metadata = sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
				.getRecordMetadata();
			this.metrics.kafkaAck(System.nanoTime() - started);
			return new Published(metadata.topic(), metadata.partition(), metadata.offset());
		}
		catch (ExecutionException ex) {
			throw unavailable(event, ex.getCause());
		}
		catch (TimeoutException | RuntimeException ex) {
			throw unavailable(event, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(event, ex);
		}
	}

	private KafkaUnavailableException unavailable(LifecycleEvent event, Throwable cause) {
		log.warn("Kafka did not acknowledge event {} for service {} within {}: {}", event.eventId(), event.serviceId(),
				this.timeout, String.valueOf(cause));
		return new KafkaUnavailableException(
				"Kafka did not acknowledge the event within " + this.timeout.toMillis() + " ms", cause);
	}

}
