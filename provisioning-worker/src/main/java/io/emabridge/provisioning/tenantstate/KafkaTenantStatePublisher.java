package io.emabridge.provisioning.tenantstate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ObjectNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.support.kafka.AcknowledgedSender;
import io.emabridge.support.kafka.NotAcknowledgedException;

/**
 * Writes tenant states to the compacted tenant state topic, keyed by service id, and
 * waits for the acknowledgement. Never a tombstone: nothing is ever deleted.
 */
class KafkaTenantStatePublisher implements TenantStatePublisher {

	private final AcknowledgedSender<String, byte[]> sender;

	private final String topic;

	KafkaTenantStatePublisher(KafkaTemplate<String, byte[]> template, String topic, Duration timeout) {
		this.sender = new AcknowledgedSender<>(template, timeout);
		this.topic = topic;
	}

	@Override
	public void publish(TenantState state) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, Long.toString(state.serviceId()),
				json(state));
		record.headers().add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
		try {
			this.sender.send(record);
		}
		catch (NotAcknowledgedException ex) {
			throw new NotAcknowledgedException("Tenant state of service " + state.serviceId() + " " + ex.getMessage(),
					ex.getCause());
		}
	}

	/**
	 * {@code {"serviceId","slug","url","status","version":{"occurredAt","eventId"},"updatedAt"}},
	 * times as RFC 3339 with six fraction digits like the lifecycle events.
	 */
	static byte[] json(TenantState state) {
		ObjectNode node = LifecycleEventJson.mapper().createObjectNode();
		node.put("serviceId", state.serviceId());
		node.put("slug", state.slug());
		node.put("url", state.url());
		node.put("status", state.status().value());
		ObjectNode version = node.putObject("version");
		version.put("occurredAt", LifecycleEventJson.formatInstant(state.version().occurredAt()));
		version.put("eventId", state.version().eventId().toString());
		node.put("updatedAt", LifecycleEventJson.formatInstant(state.updatedAt()));
		return LifecycleEventJson.mapper().writeValueAsBytes(node);
	}

}
