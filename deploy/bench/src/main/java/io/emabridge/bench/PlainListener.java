package io.emabridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.slug.SlugInput;
import io.emabridge.model.slug.SlugRules;

/**
 * The naive design the worker is measured against: one consumer thread per partition,
 * each taking one record at a time and calling the archive synchronously for it (what a
 * {@code @KafkaListener} with one thread per partition does). No ledger, no retries, no
 * deduplication, no write-back: only the work itself.
 */
final class PlainListener implements AutoCloseable {

	/** The start of its consumer threads' names. */
	static final String THREAD_PREFIX = "bench-plain-";

	private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicReference<Exception> failure = new AtomicReference<>();

	private final AtomicInteger skipped = new AtomicInteger();

	static PlainListener start(String bootstrapServers, String topic, int partitions, String archiveUrl,
			String apiKey) {
		PlainListener listener = new PlainListener();
		ArchiveApiClient archive = new ArchiveApiClient(ArchiveApiSettings.of(archiveUrl, apiKey));
		for (int p = 0; p < partitions; p++) {
			KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
							ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
					new StringDeserializer(), new ByteArrayDeserializer());
			consumer.assign(List.of(new TopicPartition(topic, p)));
			listener.consumers.add(consumer);
			Thread thread = new Thread(() -> listener.consume(consumer, archive), THREAD_PREFIX + p);
			listener.threads.add(thread);
			thread.start();
		}
		return listener;
	}

	private void consume(KafkaConsumer<String, byte[]> consumer, ArchiveApiClient archive) {
		try {
			while (true) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					try {
						apply(archive, LifecycleEventJson.read(record.value()));
					}
					catch (ArchiveApiException ex) {
						// what a listener container's default error handler does: log,
						// and go on with the next
						this.skipped.incrementAndGet();
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (Exception ex) {
			this.failure.compareAndSet(null, ex);
		}
	}

	private static void apply(ArchiveApiClient archive, LifecycleEvent event) {
		switch (event.type()) {
			case CREATE -> {
				ServiceCreated created = (ServiceCreated) event;
				archive.createTenant(new NewTenant(SlugRules.derive(SlugInput.of(created)),
						"Service " + event.serviceId(), null, null, null));
			}
			case SUSPEND, TERMINATE -> archive.suspend("p-" + event.serviceId());
			case UNSUSPEND -> archive.unsuspend("p-" + event.serviceId());
		}
	}

	void throwIfFailed() {
		if (this.failure.get() != null) {
			throw new IllegalStateException("the plain listener failed", this.failure.get());
		}
	}

	/** Records whose archive call failed and were skipped. */
	int skipped() {
		return this.skipped.get();
	}

	@Override
	public void close() {
		this.consumers.forEach(KafkaConsumer::wakeup);
		for (Thread thread : this.threads) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.consumers.forEach(KafkaConsumer::close);
	}

}
