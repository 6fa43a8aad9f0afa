package io.emabridge.usage.collector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.support.kafka.AcknowledgedSender;
import io.emabridge.support.kafka.NotAcknowledgedException;

/**
 * Sends a page of snapshots (key = slug) at once; its acknowledgement waits until Kafka
 * has every one.
 */
class KafkaSnapshotPublisher implements SnapshotPublisher {

	private static final byte[] JSON = CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8);

	private final AcknowledgedSender<String, byte[]> sender;

	private final String topic;

	KafkaSnapshotPublisher(KafkaTemplate<String, byte[]> template, String topic, Duration timeout) {
		this.sender = new AcknowledgedSender<>(template, timeout);
		this.topic = topic;
	}

	@Override
	public Acknowledgement publishAll(List<UsageSnapshot> snapshots) {
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>(snapshots.size());
		for (UsageSnapshot snapshot : snapshots) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, snapshot.slug(),
					UsageSnapshotJson.write(snapshot));
			record.headers().add(CloudEventHeaders.CONTENT_TYPE, JSON);
			records.add(record);
		}
		AcknowledgedSender.Pending pending = this.sender.sendAll(records);
		return () -> {
			try {
				pending.await();
			}
			catch (NotAcknowledgedException ex) {
				throw new NotAcknowledgedException("Usage snapshots " + ex.getMessage(), ex.getCause());
			}
		};
	}

}
