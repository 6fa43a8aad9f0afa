package io.emabridge.provisioning.drift;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.topic.CloudEventHeaders;

/**
 * Publishes corrective lifecycle events to the lifecycle topic exactly as the gateway
 * publishes WHMCS's (same JSON, CloudEvents headers, service id key), with the reconciler
 * as {@code ce_source} and in {@value #ORIGIN}, and waits for the acknowledgement. The
 * ledger and the applier then treat them like any other event.
 */
class CorrectionPublisher {

	/** The {@code ce_source} of corrective events. */
	static final String SOURCE = "/ema/provisioning-worker/reconciler";

	/** Header that marks a record as published by the reconciler rather than by WHMCS. */
	static final String ORIGIN = "ema_origin";

	static final String ORIGIN_RECONCILER = "reconciler";

	private final KafkaTemplate<String, byte[]> template;

	private final String topic;

	private final Duration timeout;

	CorrectionPublisher(KafkaTemplate<String, byte[]> template, String topic, Duration timeout) {
		this.template = template;
		this.topic = topic;
		this.timeout = timeout;
	}

	void publish(LifecycleEvent event) {
		RecordHeaders headers = new RecordHeaders();
		Map<String, String> attributes = new LinkedHashMap<>(CloudEventHeaders.of(event, SOURCE));
		attributes.put(ORIGIN, ORIGIN_RECONCILER);
		attributes.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, null, event.key(),
				LifecycleEventJson.write(event), headers);
		try {
			this.template.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Corrective " + event.type() + " of service " + event.serviceId()
					+ " not acknowledged: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Corrective " + event.type() + " of service " + event.serviceId()
					+ " not acknowledged in " + this.timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing a corrective event", ex);
		}
	}

}
