package io.emabridge.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.emabridge.deadletters.DeadLetters;
import io.emabridge.deadletters.KafkaClients;
import io.emabridge.deadletters.letter.DeadLetterFilter;
import io.emabridge.deadletters.replay.ReplayOptions;
import io.emabridge.deadletters.replay.ReplayOutcome;
import io.emabridge.deadletters.replay.ReplayReport;

/**
 * Dead letters replayed per second by the dead-letter tool's replay
 * ({@code dlt replay --all}: filter, replay memory, header rewriting, acks=all), beside a
 * plain consumer and producer copying the same records without any of that.
 */
final class ReplayRate implements Benchmark {

	@Override
	public String name() {
		return "replay";
	}

	@Override
	public String title() {
		return "5. Dead-letter replay";
	}

	@Override
	public void run(Context context) {
		int letters = context.size(50_000, 2_000);
		KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", context.infra.bootstrapServers()),
				Duration.ofSeconds(60));
		String lifecycle = context.infra.createTopic("bench-replay-lifecycle", 6);
		String dlt = context.infra.createTopic("bench-replay-dlt", 3);
		String copies = context.infra.createTopic("bench-replay-copies", 6);
		fill(clients, dlt, lifecycle, letters);
		baseline(clients, dlt, copies, letters);
		replay(context, clients, dlt, letters);
		List<Double> plain = new ArrayList<>();
		List<Double> ours = new ArrayList<>();
		List<String> cpu = new ArrayList<>();
		for (int rep = 0; rep < context.reps; rep++) {
			context.log("replay: %d dead letters, run %d of %d", letters, rep + 1, context.reps);
			plain.add(baseline(clients, dlt, copies, letters));
			CpuProfile profile = CpuProfile
				.start(Map.of("harness JVM (replay and broker)", ProcessHandle.current().pid()));
			ours.add(replay(context, clients, dlt, letters));
			cpu = profile.stop(6);
			context.results.loadAverage(Machine.loadAverage());
		}
		cpu.forEach((line) -> context.results.note(title(), "CPU during the last replay: " + line));
		context.results.add(Figure
			.compared(title(), String.format("dead letters replayed/s, %,d letters", letters), "records/s",
					Stats.of(ours), Stats.of(plain), "plain consumer + producer copy", true)
			.withTarget(">= 10,000/s" + ((Stats.of(ours).median() >= 10_000) ? ": met" : ": NOT met")));
	}

	private static double replay(Context context, KafkaClients clients, String dlt, int letters) {
		// a fresh replay memory each round, so that every letter goes again
		DeadLetters deadLetters = new DeadLetters(clients, context.infra.name("bench-replayed"), (short) 1,
				Clock.systemUTC());
		long start = System.nanoTime();
		ReplayReport report = deadLetters.replay(dlt, DeadLetterFilter.ALL,
				new ReplayOptions("benchmark", false, false, 0));
		long nanos = System.nanoTime() - start;
		if (report.count(ReplayOutcome.REPLAYED) != letters) {
			throw new IllegalStateException("replayed " + report.counts() + " of " + letters);
		}
		return letters / (nanos / 1e9);
	}

	/**
	 * Reads the topic to its end and copies every record, waiting for every
	 * acknowledgement.
	 */
	private static double baseline(KafkaClients clients, String dlt, String target, int letters) {
		long start = System.nanoTime();
		int copied = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer();
				KafkaProducer<byte[], byte[]> producer = clients.producer()) {
			List<TopicPartition> partitions = consumer.partitionsFor(dlt)
				.stream()
				.map((p) -> new TopicPartition(dlt, p.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			consumer.seekToBeginning(partitions);
			List<Future<?>> sent = new ArrayList<>(letters);
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
		if (copied != letters) {
			throw new IllegalStateException("copied " + copied + " of " + letters);
		}
		return letters / ((System.nanoTime() - start) / 1e9);
	}

	/** Dead letters as the provisioning worker writes them. */
	private static void fill(KafkaClients clients, String dlt, String lifecycle, int count) {
		try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
			Instant now = Instant.now();
			for (int i = 0; i < count; i++) {
				String id = UUID.randomUUID().toString();
				String service = Integer.toString(100_000 + i);
				RecordHeaders headers = new RecordHeaders();
				String[][] values = { { "ce_specversion", "1.0" }, { "ce_id", id },
						{ "ce_type", "io.emabridge.service.create" }, { "ce_source", "/whmcs/gateway" },
						{ "ce_time", now.toString() }, { "ce_subject", service },
						{ "content-type", "application/json" }, { "kafka_dlt-original-topic", lifecycle },
						{ "kafka_dlt-exception-fqcn", "io.emabridge.provisioning.lifecycle.DeadLetteredException" },
						{ "kafka_dlt-exception-message", "archive create failed with HTTP 401: Unauthenticated." },
						{ "kafka_dlt-original-partition", "0" }, { "kafka_dlt-original-offset", Integer.toString(i) },
						{ "ema_dlt_reason", "archive_unauthorized" }, { "ema_dlt_attempts", "1" },
						{ "ema_dlt_first_failure", now.toString() }, { "ema_dlt_last_failure", now.toString() } };
				for (String[] header : values) {
					headers.add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
				}
				String value = "{\"type\":\"service.create\",\"eventId\":\"" + id
						+ "\",\"occurredAt\":\"2026-11-26T19:31:08.123456Z\",\"serviceId\":" + service
						+ ",\"clientId\":1,\"productId\":1,\"serverId\":1,\"domain\":\"shop.acme.co.uk\","
						+ "\"client\":{\"companyName\":\"Acme Corporation\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
						+ "\"email\":\"ada@example.test\"},\"options\":{\"autoGenerateSlug\":true}}";
				producer.send(new ProducerRecord<>(dlt, null, service.getBytes(StandardCharsets.UTF_8),
						value.getBytes(StandardCharsets.UTF_8), headers));
			}
			producer.flush();
		}
	}

}
