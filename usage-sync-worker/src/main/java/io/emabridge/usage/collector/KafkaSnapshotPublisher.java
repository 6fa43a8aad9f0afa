package io.emabridge.usage.collector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import io.emabridge.model.topic.CloudEventHeaders;

/**
 * Sends a page of snapshots (key = slug) at once; its acknowledgement waits until Kafka
 * has every one.
 */
class KafkaSnapshotPublisher implements SnapshotPublisher {

	private static final byte[] JSON = CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8);

	private final KafkaTemplate<String, byte[]> template;

	private final String topic;

	private final Duration timeout;

	KafkaSnapshotPublisher(KafkaTemplate<String, byte[]> template, String topic, Duration timeout) {
		this.template = template;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Override
	public Acknowledgement publishAll(List<UsageSnapshot> snapshots) {
		List<CompletableFuture<SendResult<String, byte[]>>> sent = new ArrayList<>(snapshots.size());
		for (UsageSnapshot snapshot : snapshots) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, snapshot.slug(),
					UsageSnapshotJson.write(snapshot));
			record.headers().add(CloudEventHeaders.CONTENT_TYPE, JSON);
			sent.add(this.template.send(record));
		}
		CompletableFuture<Void> all = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
		return () -> await(all);
	}

	private void await(CompletableFuture<Void> all) {
		try {
			all.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Usage snapshots not acknowledged by Kafka", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Usage snapshots not acknowledged by Kafka in " + this.timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing usage snapshots", ex);
		}
	}

}
