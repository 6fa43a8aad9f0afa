package io.emabridge.provisioning.tenantstate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ObjectNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.topic.CloudEventHeaders;

/**
 * Writes tenant states to the compacted tenant state topic, keyed by service id, and
 * waits for the acknowledgement. Never a tombstone: nothing is ever deleted.
 */
class KafkaTenantStatePublisher implements TenantStatePublisher {

	private final KafkaTemplate<String, byte[]> template;

	private final String topic;

	private final Duration timeout;

	KafkaTenantStatePublisher(KafkaTemplate<String, byte[]> template, String topic, Duration timeout) {
		this.template = template;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Override
	public void publish(TenantState state) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, Long.toString(state.serviceId()),
				json(state));
		record.headers().add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
		try {
			this.template.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Tenant state of service " + state.serviceId() + " not acknowledged",
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(
					"Tenant state of service " + state.serviceId() + " not acknowledged in " + this.timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing a tenant state", ex);
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
