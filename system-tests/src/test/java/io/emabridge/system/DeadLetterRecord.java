package io.emabridge.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the dead-letter topic, as the workers write it: where the event was on
 * the lifecycle topic (spring-kafka's {@code kafka_dlt-original-*} headers, also on the
 * applier's dead letters) and why ({@code ema_dlt_reason}).
 *
 * @param key the record key: the service id for the applier's dead letters, the original
 * key for poison records
 * @param originalPartition the partition of the lifecycle topic it was read from
 * @param originalOffset its offset there
 */
record DeadLetterRecord(String key, String originalTopic, int originalPartition, long originalOffset, String reason,
		byte[] value) {

	static DeadLetterRecord of(ConsumerRecord<String, byte[]> record) {
		return new DeadLetterRecord(record.key(), text(record, "kafka_dlt-original-topic"),
				ByteBuffer.wrap(bytes(record, "kafka_dlt-original-partition")).getInt(),
				ByteBuffer.wrap(bytes(record, "kafka_dlt-original-offset")).getLong(), text(record, "ema_dlt_reason"),
				record.value());
	}

	/** Where the dead-lettered record was: {@code partition@offset}. */
	String origin() {
		return this.originalPartition + "@" + this.originalOffset;
	}

	private static String text(ConsumerRecord<String, byte[]> record, String name) {
		return new String(bytes(record, name), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		if (header == null) {
			throw new IllegalStateException(
					"Dead letter at " + record.partition() + "@" + record.offset() + " lacks header " + name);
		}
		return header.value();
	}

}
