package io.emabridge.deadletters.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.emabridge.deadletters.DeadLetterFixtures;
import io.emabridge.deadletters.DeadLetters;
import io.emabridge.deadletters.KafkaClients;
import io.emabridge.deadletters.letter.DeadLetterFilter;
import io.emabridge.deadletters.replay.ReplayOptions;
import io.emabridge.deadletters.replay.ReplayOutcome;
import io.emabridge.deadletters.replay.ReplayReport;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters replayed per second, beside a baseline measured in the same run: a plain
 * consumer and producer (same producer settings) copying the same records, without
 * filters, memory or header rewriting. Both read the whole dead-letter topic and wait for
 * every acknowledgement. Run with {@code -Pbenchmark}.
 */
@Tag("slow")
class ReplayBenchmark {

	private static final int LETTERS = Integer.getInteger("bench.letters", 50_000);

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

	private final KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
			Duration.ofSeconds(60));

	@Test
	void deadLettersReplayedPerSecond() {
		String lifecycle = TestNames.topic("bench-lifecycle");
		String dlt = lifecycle + "-dlt";
		String copies = TestNames.topic("bench-copies");
		SharedKafka.createTopic(lifecycle, 6);
		SharedKafka.createTopic(dlt, 3);
		SharedKafka.createTopic(copies, 6);
		fill(dlt, lifecycle, LETTERS);

		// warm-up of both paths (class loading, JIT, connections)
		baseline(dlt, copies);
		replay(dlt);

		List<Double> baseline = new ArrayList<>();
		List<Double> replay = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			baseline.add(baseline(dlt, copies));
			replay.add(replay(dlt));
		}
		double base = median(baseline);
		double ours = median(replay);
		System.out.println();
		System.out.println("Dead-letter replay benchmark: " + LETTERS + " dead letters (3 partitions, ~"
				+ sampleValue().length() + " B values, 16 headers each), median of " + ROUNDS + " rounds");
		System.out.printf(Locale.ROOT, "  %-58s %10s%n", "", "records/s");
		System.out.printf(Locale.ROOT, "  %-58s %10.0f   rounds %s%n", "baseline: plain consumer + producer copy", base,
				rounded(baseline));
		System.out.printf(Locale.ROOT, "  %-58s %10.0f   rounds %s%n",
				"dlt replay --all (filter, memory, headers, acks=all)", ours, rounded(replay));
		System.out.printf(Locale.ROOT, "  ratio replay / baseline: %.2f; target >= 10,000 records/s: %s%n", ours / base,
				(ours >= 10_000) ? "met" : "NOT met");
		System.out.println();
		assertThat(ours).isPositive();
	}

	/**
	 * The replay as {@code dlt replay --all} does it, with a fresh memory each round so
	 * that every letter goes.
	 */
	private double replay(String dlt) {
		DeadLetters deadLetters = new DeadLetters(this.clients, TestNames.topic("bench-replayed"), (short) 1,
				Clock.systemUTC());
		long start = System.nanoTime();
		ReplayReport report = deadLetters.replay(dlt, DeadLetterFilter.ALL,
				new ReplayOptions("benchmark", false, false, 0));
		long nanos = System.nanoTime() - start;
		assertThat(report.count(ReplayOutcome.REPLAYED)).isEqualTo(LETTERS);
		return LETTERS / (nanos / 1e9);
	}

	/**
	 * Reads the topic to its end and copies every record, waiting for every
	 * acknowledgement.
	 */
	private double baseline(String dlt, String target) {
		long start = System.nanoTime();
		int copied = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = this.clients.consumer();
				KafkaProducer<byte[], byte[]> producer = this.clients.producer()) {
			List<TopicPartition> partitions = consumer.partitionsFor(dlt)
				.stream()
				.map((p) -> new TopicPartition(dlt, p.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			consumer.seekToBeginning(partitions);
			List<Future<?>> sent = new ArrayList<>(LETTERS);
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p))) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					sent.add(producer
						.send(new ProducerRecord<>(target, null, record.key(), record.value(), record.headers())));
					copied++;
				}
			}
			producer.flush();
			for (Future<?> future : sent) {
				future.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		long nanos = System.nanoTime() - start;
		assertThat(copied).isEqualTo(LETTERS);
		return LETTERS / (nanos / 1e9);
	}

	/** Dead letters as the provisioning worker writes them. */
	private static void fill(String dlt, String lifecycle, int count) {
		try (KafkaProducer<byte[], byte[]> producer = DeadLetterFixtures.clients().producer()) {
			Instant now = Instant.now();
			for (int i = 0; i < count; i++) {
				String id = UUID.randomUUID().toString();
				String service = Integer.toString(100_000 + i);
				RecordHeaders headers = new RecordHeaders();
				add(headers, "ce_specversion", "1.0");
				add(headers, "ce_id", id);
				add(headers, "ce_type", "io.emabridge.service.create");
				add(headers, "ce_source", "/whmcs/gateway");
				add(headers, "ce_time", now.toString());
				add(headers, "ce_subject", service);
				add(headers, "content-type", "application/json");
				add(headers, "kafka_dlt-original-topic", lifecycle);
				add(headers, "kafka_dlt-exception-fqcn", "io.emabridge.provisioning.lifecycle.DeadLetteredException");
				add(headers, "kafka_dlt-exception-message", "archive create failed with HTTP 401: Unauthenticated.");
				add(headers, "kafka_dlt-original-partition", "0");
				add(headers, "kafka_dlt-original-offset", Integer.toString(i));
				add(headers, "ema_dlt_reason", "archive_unauthorized");
				add(headers, "ema_dlt_attempts", "1");
				add(headers, "ema_dlt_first_failure", now.toString());
				add(headers, "ema_dlt_last_failure", now.toString());
				byte[] value = sampleValue().replace("ID", id)
					.replace("SERVICE", service)
					.getBytes(StandardCharsets.UTF_8);
				producer
					.send(new ProducerRecord<>(dlt, null, service.getBytes(StandardCharsets.UTF_8), value, headers));
			}
			producer.flush();
		}
	}

	private static String sampleValue() {
		return "{\"type\":\"service.create\",\"eventId\":\"ID\",\"occurredAt\":\"2026-11-26T19:31:08.123456Z\","
				+ "\"serviceId\":SERVICE,\"clientId\":1,\"productId\":1,\"serverId\":1,\"domain\":\"shop.acme.co.uk\","
				+ "\"client\":{\"companyName\":\"Acme Corporation\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
				+ "\"email\":\"ada@example.test\"},\"options\":{\"autoGenerateSlug\":true}}";
	}

	private static void add(RecordHeaders headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private static List<Long> rounded(List<Double> values) {
		return values.stream().map(Math::round).toList();
	}

}
