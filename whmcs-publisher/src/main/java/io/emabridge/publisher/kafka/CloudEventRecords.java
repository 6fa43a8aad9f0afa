package io.emabridge.publisher.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.topic.CloudEventHeaders;

/**
 * Builds the Kafka record of a lifecycle event in the CloudEvents Kafka binding's binary
 * mode: the attributes go into {@code ce_*} headers and the value is the event JSON
 * exactly as the module signed it.
 */
final class CloudEventRecords {

	private CloudEventRecords() {
	}

	static ProducerRecord<String, byte[]> of(String topic, String source, LifecycleEvent event, byte[] body) {
		RecordHeaders headers = new RecordHeaders();
		CloudEventHeaders.of(event, source)
			.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
		return new ProducerRecord<>(topic, null, event.key(), body, headers);
	}

}
