package io.emabridge.publisher.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.publisher.config.GatewayProperties;
import io.emabridge.publisher.metrics.GatewayMetrics;
import io.emabridge.support.kafka.AcknowledgedSender;
import io.emabridge.support.kafka.NotAcknowledgedException;

/**
 * Publishes a validated event and waits, at most the publish timeout, for Kafka's
 * acknowledgement: the gateway must never report success for a record that Kafka has not
 * confirmed.
 */
@Component
public class EventPublisher {

	private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

	private final AcknowledgedSender<String, byte[]> sender;

	private final GatewayMetrics metrics;

	private final String topic;

	private final String source;

	EventPublisher(KafkaTemplate<String, byte[]> template, GatewayMetrics metrics, GatewayProperties properties) {
		this.sender = new AcknowledgedSender<>(template, properties.publishTimeout());
		this.metrics = metrics;
		this.topic = properties.topic();
		this.source = properties.source();
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
		try {
			RecordMetadata metadata = this.sender.send(record);
			this.metrics.kafkaAck(System.nanoTime() - started);
			return new Published(metadata.topic(), metadata.partition(), metadata.offset());
		}
		catch (NotAcknowledgedException ex) {
			throw unavailable(event, ex.getCause());
		}
	}

	private KafkaUnavailableException unavailable(LifecycleEvent event, Throwable cause) {
		log.warn("Kafka did not acknowledge event {} for service {} within {}: {}", event.eventId(), event.serviceId(),
				this.sender.timeout(), String.valueOf(cause));
		return new KafkaUnavailableException(
				"Kafka did not acknowledge the event within " + this.sender.timeout().toMillis() + " ms", cause);
	}

}
