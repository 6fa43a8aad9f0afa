package io.emabridge.deadletters.letter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its beginning up to the end offsets it saw when it started, never
 * further: a replay that writes into the topic it reads (or dead letters that arrive
 * meanwhile) cannot make it loop. Reads without a consumer group, so it commits nothing
 * and disturbs no worker.
 */
public final class DeadLetterReader {

	private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;

	private final Duration timeout;

	/**
	 * A reader that opens a consumer of its own for every read.
	 * @param consumers makes byte-array consumers without a group id
	 * @param timeout how long the topic's metadata, and each poll that brings nothing
	 * while records are due, may take
	 */
	public DeadLetterReader(Supplier<KafkaConsumer<byte[], byte[]>> consumers, Duration timeout) {
		this.consumers = consumers;
		this.timeout = timeout;
	}

	/**
	 * Hands every record of the topic up to today's end to {@code sink}, partition by
	 * partition in offset order.
	 */
	public void read(String topic, Consumer<DeadLetter> sink) {
		read(topic, sink, (records) -> {
		});
	}

	/**
	 * Hands every record of the topic up to today's end to {@code sink}, partition by
	 * partition in offset order, having first told {@code size} how many records that is
	 * at most (compaction and transaction markers leave gaps).
	 */
	public void read(String topic, Consumer<DeadLetter> sink, LongConsumer size) {
		try (KafkaConsumer<byte[], byte[]> consumer = this.consumers.get()) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, this.timeout);
			if (infos == null || infos.isEmpty()) {
				throw new UnknownTopicException(topic);
			}
			List<TopicPartition> partitions = infos.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			// assigned before asking for offsets: the consumer keeps the answers only for
			// partitions it has
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, this.timeout));
			Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, this.timeout);
			ends.entrySet().removeIf((end) -> end.getValue() <= starts.get(end.getKey()));
			size.accept(ends.entrySet().stream().mapToLong((end) -> end.getValue() - starts.get(end.getKey())).sum());
			if (ends.isEmpty()) {
				return;
			}
			consumer.pause(partitions.stream().filter((p) -> !ends.containsKey(p)).toList());
			consumer.seekToBeginning(ends.keySet());
			long lastProgress = System.nanoTime();
			while (!ends.isEmpty()) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
				if (!records.isEmpty()) {
					lastProgress = System.nanoTime();
				}
				for (TopicPartition partition : records.partitions()) {
					Long end = ends.get(partition);
					for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
						if (end != null && record.offset() < end) {
							sink.accept(letter(record));
						}
					}
				}
				finishReached(consumer, ends);
				if (!ends.isEmpty() && System.nanoTime() - lastProgress > this.timeout.toNanos()) {
					throw new IllegalStateException("Reading " + topic + " made no progress for " + this.timeout
							+ "; still missing " + ends.keySet());
				}
			}
		}
	}

	/** Everything up to today's end of the topic that the filter selects. */
	public List<DeadLetter> list(String topic, DeadLetterFilter filter) {
		List<DeadLetter> letters = new ArrayList<>();
		read(topic, (letter) -> {
			if (filter.matches(letter)) {
				letters.add(letter);
			}
		});
		return letters;
	}

	// positions, not offsets of records seen: transaction markers and compaction leave
	// gaps
	private static void finishReached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
		List<TopicPartition> done = new ArrayList<>();
		for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
			if (consumer.position(end.getKey()) >= end.getValue()) {
				done.add(end.getKey());
			}
		}
		if (!done.isEmpty()) {
			done.forEach(ends::remove);
			consumer.pause(done);
		}
	}

	static DeadLetter letter(ConsumerRecord<byte[], byte[]> record) {
		List<DeadLetter.Header> headers = new ArrayList<>();
		record.headers().forEach((header) -> headers.add(new DeadLetter.Header(header.key(), header.value())));
		return new DeadLetter(record.topic(), record.partition(), record.offset(),
				Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(), List.copyOf(headers),
				EventFields.of(record.value()));
	}

}
