package io.emabridge.usage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.node.ObjectNode;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.usage.support.UsageWorkerTests;

import static org.awaitility.Awaitility.await;

/**
 * 100,000 tenants on 1,000 pages against zero-latency sandboxes: a first cycle
 * (everything new) and a second one where 1% changed, each timed from the admin trigger
 * to the end of the run (collected and published) and to the last WHMCS write, with the
 * WHMCS calls counted. The baseline, measured in the same run on the same sandboxes, is
 * the naive sync that reads every page and writes every tenant into WHMCS every cycle,
 * with as many threads as the writer has consumers. Times are printed, never asserted.
 * {@code ./mvnw -B -pl usage-sync-worker -Pbenchmark test}
 */
@Tag("slow")
class UsageSyncBenchmark extends UsageWorkerTests {

	private static final int TENANTS = 100_000;

	private static final int PER_PAGE = 100;

	private static final int WRITER_THREADS = 3;

	@BeforeAll
	static void pagesOfAHundred() {
		archive.close();
		archive = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withPaging(PER_PAGE, 1000).withRequestLogCapacity(1000));
	}

	@Test
	void hundredThousandTenants() throws Exception {
		archive.generateTenants(this.apiKey, TENANTS, "bench");
		List<String> slugs = archive.tenants(this.apiKey).stream().map(ArchiveTenant::slug).toList();
		Map<String, Long> services = provisionInBulk(slugs);
		// the writer starts after the first collection, so that the collector is measured
		// on its own first
		ConfigurableApplicationContext worker = startWorker(Map.of("ema.usage.partitions", 6,
				"spring.kafka.listener.concurrency", WRITER_THREADS, "ema.usage.writer.rate-limit", 1_000_000,
				"spring.datasource.hikari.maximum-pool-size", 12, "ema.usage.writer.auto-startup", false));
		await().atMost(Duration.ofMinutes(5))
			.until(() -> this.db.queryForObject("select count(*) from tenant_service", Integer.class) == TENANTS);
		MeterRegistry registry = worker.getBean(MeterRegistry.class);

		Cycle first = cycle(worker, registry, TENANTS,
				() -> worker.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("usage-writer").start());
		// the writer records a poll batch's writes after its WHMCS calls; until then the
		// next cycle would publish those tenants again (not delivered yet)
		await().atMost(Duration.ofMinutes(5))
			.until(() -> this.db.queryForObject("select count(*) from whmcs_usage", Integer.class) == TENANTS);

		for (int i = 0; i < TENANTS; i += 100) {
			ArchiveTenant tenant = archive.tenant(slugs.get(i)).orElseThrow();
			archive.setUsage(tenant.slug(), tenant.usersCount() + 1, tenant.storageBytes(), tenant.messagesCount());
		}
		Cycle second = cycle(worker, registry, TENANTS / 100, () -> {
		});
		stopWorker(worker);

		Cycle naive = naiveCycle(services);

		String table = String.join(System.lineSeparator(),
				"Usage sync, " + TENANTS + " tenants on " + (TENANTS / PER_PAGE) + " pages, zero-latency sandboxes",
				String.format("%-44s %12s %14s %12s %14s", "", "collected+", "all written", "WHMCS", "published"),
				String.format("%-44s %12s %14s %12s %14s", "", "published s", "s", "calls", "snapshots"),
				first.row("usage worker, first cycle (all new) *"),
				second.row("usage worker, second cycle (1% changed)"),
				naive.row("baseline: naive full sync, every cycle"),
				String.format("second cycle vs baseline: %.0fx fewer WHMCS calls, %.1fx faster to the last write",
						(double) naive.whmcsCalls / Math.max(1, second.whmcsCalls),
						naive.allWrittenSeconds / Math.max(0.001, second.allWrittenSeconds)),
				String.format("first cycle collected and published in %.1f s (target <= 60 s)", first.collectedSeconds),
				"* its writer started once the collection was done; in the second cycle it runs throughout",
				String.format("load average while measuring: %.1f on %d processors",
						java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
						Runtime.getRuntime().availableProcessors()));
		System.out.println(System.lineSeparator() + table + System.lineSeparator());
		write(table);
	}

	private Cycle cycle(ConfigurableApplicationContext worker, MeterRegistry registry, int expectedWrites,
			Runnable afterCollection) {
		long callsBefore = whmcsCalls(registry);
		long publishedBefore = recordCount(this.usageTopic);
		long start = System.nanoTime();
		Map<String, Object> run = awaitRunPatiently(collect(worker));
		double collected = seconds(start);
		afterCollection.run();
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> whmcsCalls(registry) - callsBefore >= expectedWrites);
		double written = seconds(start);
		if (!"succeeded".equals(run.get("status"))) {
			throw new AssertionError("the run did not succeed: " + run);
		}
		return new Cycle(collected, written, whmcsCalls(registry) - callsBefore,
				recordCount(this.usageTopic) - publishedBefore);
	}

	private Map<String, Object> awaitRunPatiently(long runId) {
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !"running"
				.equals(this.db.queryForObject("select status from collection_run where id = ?", String.class, runId)));
		return this.db.queryForMap("select * from collection_run where id = ?", runId);
	}

	/**
	 * Every page, every tenant written, whatever changed: what a sync without snapshots
	 * has to do.
	 */
	private Cycle naiveCycle(Map<String, Long> services) throws Exception {
		ArchiveApiClient archiveClient = new ArchiveApiClient(ArchiveApiSettings.of(archive.baseUrl(), this.apiKey));
		WhmcsApiClient whmcsClient = new WhmcsApiClient(WhmcsApiSettings.of(whmcs.baseUrl(), "sandbox", "sandbox")
			.withAccessKey(WhmcsSandboxOptions.DEFAULT_ACCESS_KEY));
		AtomicLong calls = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(WRITER_THREADS);
		long start = System.nanoTime();
		try {
			List<Future<?>> writes = new ArrayList<>();
			for (int page = 1;; page++) {
				TenantPage tenants = archiveClient.listTenants(page);
				for (Tenant tenant : tenants.tenants()) {
					long serviceId = services.get(tenant.slug());
					writes.add(pool.submit(() -> {
						long bytes = tenant.usage().storageBytes();
						whmcsClient.updateClientProduct(serviceId,
								Map.of("diskusage", Long.toString((bytes + 1048575) / 1048576)),
								Map.of(14, Long.toString(tenant.usage().activeUsers()), 15,
										Long.toString(Math.max(tenant.usage().activeUsers(), 1))));
						calls.incrementAndGet();
					}));
				}
				if (!tenants.hasNext()) {
					break;
				}
			}
			for (Future<?> write : writes) {
				write.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		double seconds = seconds(start);
		return new Cycle(Double.NaN, seconds, calls.get(), 0);
	}

	private Map<String, Long> provisionInBulk(List<String> slugs) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
		Map<String, Long> services = new HashMap<>();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			long serviceId = 5_000_000;
			for (String slug : slugs) {
				serviceId++;
				ObjectNode node = LifecycleEventJson.mapper().createObjectNode();
				node.put("serviceId", serviceId);
				node.put("slug", slug);
				node.put("url", "https://" + slug + ".archive.example.test");
				node.put("status", "active");
				ObjectNode version = node.putObject("version");
				version.put("occurredAt", LifecycleEventJson.formatInstant(Instant.now()));
				version.put("eventId", UUID.randomUUID().toString());
				node.put("updatedAt", LifecycleEventJson.formatInstant(Instant.now()));
				producer.send(new ProducerRecord<>(this.tenantStateTopic, Long.toString(serviceId),
						LifecycleEventJson.mapper().writeValueAsBytes(node)));
				services.put(slug, serviceId);
			}
			producer.flush();
		}
		return services;
	}

	private static long whmcsCalls(MeterRegistry registry) {
		return registry.find("ema.whmcs.request")
			.tag("operation", "UpdateClientProduct")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	private static void write(String table) throws IOException {
		Path file = Path.of("target", "usage-benchmark.txt");
		Files.createDirectories(file.getParent());
		Files.writeString(file, table + System.lineSeparator());
	}

	private record Cycle(double collectedSeconds, double allWrittenSeconds, long whmcsCalls, long published) {

		String row(String label) {
			return String.format("%-44s %12s %14.1f %12d %14d", label,
					Double.isNaN(this.collectedSeconds) ? "-" : String.format("%.1f", this.collectedSeconds),
					this.allWrittenSeconds, this.whmcsCalls, this.published);
		}
	}

}
