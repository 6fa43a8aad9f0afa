package io.emabridge.usage.writer;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Thin: a poll batch of usage records to the writer. A failing record is reported by its
 * index, so that the error handler (see WriterConfiguration) commits those before it and
 * retries or dead-letters that one alone.
 */
class UsageListener {

	private final UsageWriter writer;

	private final FailureTracker failures;

	UsageListener(UsageWriter writer, FailureTracker failures) {
		this.writer = writer;
		this.failures = failures;
	}

	@KafkaListener(id = "usage-writer", topics = "${ema.usage.topic:ema.usage.v1}",
			containerFactory = "usageContainerFactory")
	void onBatch(List<ConsumerRecord<String, byte[]>> records) {
		try {
			this.writer.writeAll(records.stream().map(ConsumerRecord::value).toList());
		}
		catch (UsageWriter.FailedRecord ex) {
			throw new BatchListenerFailedException(ex.getMessage(), ex.getCause(), ex.index());
		}
		records.forEach(this.failures::forget);
	}

}
