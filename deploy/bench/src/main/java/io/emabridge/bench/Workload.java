package io.emabridge.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.model.slug.SlugInput;
import io.emabridge.model.slug.SlugRules;

/**
 * Valid lifecycle events, as the gateway writes them, for the benchmarks that feed Kafka
 * directly.
 */
final class Workload {

	private static final AtomicLong SERVICE_IDS = new AtomicLong(5_000_000);

	private Workload() {
	}

	static long nextServiceId() {
		return SERVICE_IDS.incrementAndGet();
	}

	static ServiceSuspended suspend(long serviceId, Instant at) {
		return new ServiceSuspended(UUID.randomUUID(), micros(at), serviceId, 1L, 1L, 1L, "Overdue on Invoice");
	}

	/**
	 * Each service: created, suspended a second later, and every second service
	 * unsuspended after that. The created event asks for slug {@code p-{id}}.
	 */
	static Batch services(int count) {
		return services(count, true);
	}

	/**
	 * Each service created and suspended a second later; with {@code unsuspendHalf},
	 * every second service unsuspended after that.
	 */
	static Batch services(int count, boolean unsuspendHalf) {
		Instant start = Instant.now().minusSeconds(3_600);
		List<LifecycleEvent> events = new ArrayList<>();
		List<String> active = new ArrayList<>();
		List<String> suspended = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long id = nextServiceId();
			ServiceCreated created = new ServiceCreated(UUID.randomUUID(), micros(start), id, 1L, 1L, 1L, null,
					new Client("Bench " + id, "Ada", "Lovelace", "ada@example.test"),
					new ProductOptions(null, true, "p-" + id, null));
			events.add(created);
			events.add(suspend(id, start.plusSeconds(1)));
			String slug = SlugRules.derive(SlugInput.of(created));
			if (unsuspendHalf && i % 2 == 0) {
				events.add(new ServiceUnsuspended(UUID.randomUUID(), micros(start.plusSeconds(2)), id, 1L, 1L, 1L));
				active.add(slug);
			}
			else {
				suspended.add(slug);
			}
		}
		return new Batch(events, active, suspended);
	}

	/**
	 * Writes the events to the topic, keyed by service id, and waits for every
	 * acknowledgement; a record the broker did not take fails the run. One request in
	 * flight keeps each partition's order without the idempotent producer, whose sequence
	 * checks a starved single-node broker has been seen to trip over.
	 */
	static void send(String bootstrapServers, String topic, List<LifecycleEvent> events) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
				1, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
		List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (LifecycleEvent event : events) {
				sent.add(producer.send(new ProducerRecord<>(topic, event.key(), LifecycleEventJson.write(event))));
			}
			producer.flush();
			for (Future<RecordMetadata> future : sent) {
				future.get();
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("the broker did not take an event of the workload", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Instant micros(Instant at) {
		return at.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The events of some services, and the slugs that end active and suspended once all
	 * are applied.
	 */
	record Batch(List<LifecycleEvent> events, List<String> active, List<String> suspended) {
	}

}
