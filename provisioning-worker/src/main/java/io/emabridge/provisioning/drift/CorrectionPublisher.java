package io.emabridge.provisioning.drift;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.support.kafka.AcknowledgedSender;
import io.emabridge.support.kafka.NotAcknowledgedException;

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

	private final AcknowledgedSender<String, byte[]> sender;

	private final String topic;

	CorrectionPublisher(KafkaTemplate<String, byte[]> template, String topic, Duration timeout) {
		this.sender = new AcknowledgedSender<>(template, timeout);
		this.topic = topic;
	}

	void publish(LifecycleEvent event) {
		RecordHeaders headers = new RecordHeaders();
		Map<String, String> attributes = new LinkedHashMap<>(CloudEventHeaders.of(event, SOURCE));
		attributes.put(ORIGIN, ORIGIN_RECONCILER);
		attributes.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, null, event.key(),
				LifecycleEventJson.write(event), headers);
		try {
			this.sender.send(record);
		}
		catch (NotAcknowledgedException ex) {
			throw new NotAcknowledgedException(
					"Corrective " + event.type() + " of service " + event.serviceId() + " " + ex.getMessage(),
					ex.getCause());
		}
	}

}
