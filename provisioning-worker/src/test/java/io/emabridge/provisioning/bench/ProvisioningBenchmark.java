package io.emabridge.provisioning.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.support.Events;
import io.emabridge.provisioning.support.WorkerProcess;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.support.ServerSettings;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.awaitility.Awaitility.await;

/**
 * Events per second of one worker (its own JVM, 256 MiB heap) against the archive sandbox answering in 50 ms, beside
 * a plain one-record-at-a-time {@code @KafkaListener} measured in the same run. Not a timed test: it prints a table.
 * <p>
 * {@code ./mvnw -B -pl provisioning-worker -Pbenchmark test}. System properties: {@code bench.services} (2,000),
 * {@code bench.warm-up-services} (2,000, run first so that the JIT has settled), {@code bench.baseline-services} (600),
 * {@code bench.worker-properties} ({@code key=value,...} for the worker), {@code bench.jvm-options} (added to
 * {@code -Xmx256m}), {@code bench.debug} (prints the worker's timers and the ledger's timings).
 * <p>
 * The CPU line it prints matters as much as the rate: on a small machine the broker, the database, both sandboxes
 * and the worker share the same cores, and the rate is bounded by CPU rather than by the worker's concurrency.
 */
@Tag("slow")
class ProvisioningBenchmark {

	private static final int SERVICES = Integer.getInteger("bench.services", 2_000);

	private static final int WARM_UP_SERVICES = Integer.getInteger("bench.warm-up-services", 2_000);

	private static final int BASELINE_SERVICES = Integer.getInteger("bench.baseline-services", 600);

	private static final int PARTITIONS = 6;

	private static final int LATENCY_MS = 50;

	private static final Duration LONG_WAIT = Duration.ofMinutes(10);

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void workerBesideThePlainListener() throws Exception {
		Result worker = measureWorker();
		Result baseline = measureBaseline();
		print(worker, baseline);
	}

	private Result measureWorker() throws Exception {
		try (ArchiveSandbox archive = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withFaults(Faults.none().withLatencyMs(LATENCY_MS))
			.withRequestLogCapacity(500_000));
				WhmcsSandbox whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withAutoCreateServices(true)
					.withServer(ServerSettings.defaults(0).withRequestLogCapacity(500_000)))) {
			String topic = TestNames.topic("bench-lifecycle");
			SharedKafka.createTopic(topic, PARTITIONS);
			SharedPostgres.Database database = SharedPostgres.newDatabase();
			JdbcTemplate ledger = new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(),
					database.username(), database.password()));
			int port = freePort();
			Map<String, Object> properties = new HashMap<>();
			properties.put("server.port", port);
			properties.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
			properties.put("spring.kafka.consumer.group-id", TestNames.groupId("bench"));
			properties.put("spring.datasource.url", database.jdbcUrl());
			properties.put("spring.datasource.username", database.username());
			properties.put("spring.datasource.password", database.password());
			properties.put("ema.worker.topic", topic);
			properties.put("ema.worker.dlt-topic", topic + "-dlt");
			properties.put("ema.worker.tenant-state-topic", TestNames.topic("bench-tenant-state"));
			properties.put("ema.archive.base-url", archive.baseUrl());
			properties.put("ema.whmcs.url", whmcs.baseUrl());
			properties.put("logging.level.io.emabridge", "WARN");
			for (String pair : System.getProperty("bench.worker-properties", "").split(",")) {
				if (pair.contains("=")) {
					properties.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
				}
			}
			List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
			String extra = System.getProperty("bench.jvm-options", "");
			if (!extra.isBlank()) {
				jvmOptions.addAll(List.of(extra.split(" ")));
			}
			try (WorkerProcess process = WorkerProcess.start("bench-" + TestNames.shortId(), jvmOptions, properties)) {
				String metricsUrl = "http://127.0.0.1:" + port + "/actuator/prometheus";
				await().atMost(Duration.ofMinutes(2)).until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("The worker did not start:\n" + process.output());
					}
					return up("http://127.0.0.1:" + port + "/actuator/health");
				});

				send(topic, services(WARM_UP_SERVICES));
				await().atMost(LONG_WAIT).until(() -> settled(ledger) >= WARM_UP_SERVICES);

				List<LifecycleEvent> events = services(SERVICES);
				Sampler sampler = new Sampler(metricsUrl);
				sampler.start();
				long workerCpuBefore = process.cpuNanos();
				long ownCpuBefore = ownCpuNanos();
				long[] machineBefore = machineTicks();
				long started = System.nanoTime();
				Instant from = Instant.now();
				send(topic, events);
				await().atMost(LONG_WAIT)
					.pollInterval(Duration.ofMillis(50))
					.until(() -> settled(ledger) >= WARM_UP_SERVICES + SERVICES);
				long elapsed = System.nanoTime() - started;
				long workerCpu = process.cpuNanos() - workerCpuBefore;
				long ownCpu = ownCpuNanos() - ownCpuBefore;
				long[] machineAfter = machineTicks();
				sampler.stop();
				if (machineAfter[0] > 0) {
					double busy = (machineAfter[0] - machineBefore[0]) * 10.0;
					double idle = (machineAfter[1] - machineBefore[1]) * 10.0;
					System.out.printf(Locale.ROOT, "CPU during the run (ms): worker %d, test JVM (broker, sandboxes, "
							+ "producer) %d, everything else %.0f, idle %.0f of %d%n", workerCpu / 1_000_000,
							ownCpu / 1_000_000, busy - (workerCpu + ownCpu) / 1e6, idle, elapsed / 1_000_000
									* Runtime.getRuntime().availableProcessors());
				}
				if (Boolean.getBoolean("bench.debug")) {
					String metrics = this.http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
							HttpResponse.BodyHandlers.ofString()).body();
					metrics.lines()
						.filter((l) -> (l.contains("_sum") || l.contains("_count")) && !l.contains("_bucket")
								&& (l.startsWith("ema_") || l.startsWith("hikaricp_connections")))
						.forEach(System.out::println);
					System.out.println(ledger.queryForMap("select max(received_at) - min(received_at) as receiving,"
							+ " count(*) as events from lifecycle_event where received_at >= ?",
							java.sql.Timestamp.from(from)));
					System.out.println(ledger.queryForMap("select max(updated_at) - min(updated_at) as applying"
							+ " from service where created_at >= ?", java.sql.Timestamp.from(from)));
				}
				List<RecordedRequest> calls = archive.requests()
					.stream()
					.filter((r) -> !r.time().isBefore(from))
					.toList();
				process.stop();
				return new Result("worker (ledger + applier, 64 in flight)", events.size(), SERVICES, elapsed,
						calls.size(), maxConcurrent(calls), sampler.maxHeap.get(), sampler.maxInFlight.get(),
						whmcs.requests().size());
			}
		}
	}

	private Result measureBaseline() throws Exception {
		try (ArchiveSandbox archive = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withFaults(Faults.none().withLatencyMs(LATENCY_MS))
			.withRequestLogCapacity(500_000))) {
			String topic = TestNames.topic("bench-baseline");
			SharedKafka.createTopic(topic, PARTITIONS);
			List<LifecycleEvent> events = services(BASELINE_SERVICES);
			BaselineListener.processed.set(0);
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BaselineListener.class)
				.web(WebApplicationType.NONE)
				.run("--baseline.bootstrap-servers=" + SharedKafka.bootstrapServers(),
						"--baseline.group=" + TestNames.groupId("baseline"), "--baseline.topic=" + topic,
						"--baseline.partitions=" + PARTITIONS, "--baseline.archive-url=" + archive.baseUrl(),
						"--spring.main.banner-mode=off")) {
				long started = System.nanoTime();
				Instant from = Instant.now();
				send(topic, events);
				await().atMost(LONG_WAIT)
					.pollInterval(Duration.ofMillis(50))
					.until(() -> BaselineListener.processed.get() >= events.size());
				long elapsed = System.nanoTime() - started;
				List<RecordedRequest> calls = archive.requests()
					.stream()
					.filter((r) -> !r.time().isBefore(from))
					.toList();
				return new Result("plain @KafkaListener, 1 record at a time", events.size(), BASELINE_SERVICES,
						elapsed, calls.size(), maxConcurrent(calls), -1, -1, 0);
			}
		}
	}

	/** Each service: create, suspend a little later, and for every second one an unsuspend after that. */
	private static List<LifecycleEvent> services(int count) {
		Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3_600);
		List<LifecycleEvent> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long id = TestNames.serviceId();
			events.add(Events.create(id, start, "Base " + id));
			events.add(Events.suspend(id, start.plusSeconds(1)));
			if (i % 2 == 0) {
				events.add(Events.unsuspend(id, start.plusSeconds(2)));
			}
		}
		return events;
	}

	private static void send(String topic, List<LifecycleEvent> events) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			for (LifecycleEvent event : events) {
				producer.send(new ProducerRecord<>(topic, event.key(), LifecycleEventJson.write(event)));
			}
			producer.flush();
		}
	}

	private static int settled(JdbcTemplate ledger) {
		try {
			Integer count = ledger.queryForObject("select count(*) from service where status = 'idle'"
					+ " and whmcs_synced and published_event_id = applied_event_id", Integer.class);
			return (count != null) ? count : 0;
		}
		catch (RuntimeException ex) {
			return 0; // the worker has not created the schema yet
		}
	}

	/** The most archive requests that were being answered at the same moment. */
	private static int maxConcurrent(List<RecordedRequest> calls) {
		List<long[]> edges = new ArrayList<>();
		for (RecordedRequest call : calls) {
			long start = call.time().toEpochMilli();
			edges.add(new long[] { start, 1 });
			edges.add(new long[] { start + Math.max(1, call.durationMs()), -1 });
		}
		edges.sort((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
		int current = 0;
		int max = 0;
		for (long[] edge : edges) {
			current += (int) edge[1];
			max = Math.max(max, current);
		}
		return max;
	}

	private static long ownCpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	/** Busy and idle jiffies of the whole machine, from /proc/stat; zeros where that does not exist. */
	private static long[] machineTicks() {
		try {
			String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
			long total = 0;
			for (int i = 1; i < cpu.length; i++) {
				total += Long.parseLong(cpu[i]);
			}
			return new long[] { total - idle, idle };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

	private boolean up(String url) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void print(Result worker, Result baseline) {
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "%n%s%n", "=".repeat(118)));
		table.append(String.format(Locale.ROOT,
				"Provisioning benchmark: %d partitions, archive sandbox answering in %d ms%n", PARTITIONS, LATENCY_MS));
		table.append(String.format(Locale.ROOT, "%-42s %9s %8s %9s %11s %11s %13s %9s%n", "", "services", "events",
				"seconds", "events/s", "API calls", "max parallel", "heap MiB"));
		for (Result result : List.of(worker, baseline)) {
			table.append(String.format(Locale.ROOT, "%-42s %9d %8d %9.2f %11.0f %11d %13d %9s%n", result.name(),
					result.services(), result.events(), result.seconds(), result.eventsPerSecond(), result.apiCalls(),
					result.maxConcurrent(), (result.maxHeapBytes() < 0) ? "-"
							: String.format(Locale.ROOT, "%.0f", result.maxHeapBytes() / 1_048_576.0)));
		}
		table.append(String.format(Locale.ROOT, "worker / baseline: %.1fx events per second%n",
				worker.eventsPerSecond() / baseline.eventsPerSecond()));
		table.append(String.format(Locale.ROOT,
				"worker: -Xmx256m in its own JVM; services in flight (applier gauge) up to %d; %d WHMCS write-backs%n",
				worker.maxInFlight(), worker.whmcsCalls()));
		table.append("=".repeat(118)).append('\n');
		System.out.print(table);
	}

	/** One measured run. */
	private record Result(String name, int events, int services, long nanos, int apiCalls, int maxConcurrent,
			long maxHeapBytes, long maxInFlight, int whmcsCalls) {

		double seconds() {
			return this.nanos / 1e9;
		}

		double eventsPerSecond() {
			return this.events / seconds();
		}
	}

	/** Scrapes the worker's heap and in-flight gauge while it runs, keeping the highest values. */
	private final class Sampler {

		private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$",
				Pattern.MULTILINE);

		private static final Pattern IN_FLIGHT = Pattern.compile("^ema_applier_in_flight(?:\\{[^}]*})? (\\S+)$",
				Pattern.MULTILINE);

		private final String url;

		private final AtomicLong maxHeap = new AtomicLong();

		private final AtomicLong maxInFlight = new AtomicLong();

		private volatile boolean running = true;

		private Thread thread;

		Sampler(String url) {
			this.url = url;
		}

		void start() {
			this.thread = new Thread(() -> {
				while (this.running) {
					sample();
					try {
						Thread.sleep(1_000); // a sampling period, not a wait for a condition
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "bench-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running = false;
			this.thread.interrupt();
			this.thread.join();
			sample();
		}

		private void sample() {
			try {
				String body = ProvisioningBenchmark.this.http
					.send(HttpRequest.newBuilder(URI.create(this.url)).build(), HttpResponse.BodyHandlers.ofString())
					.body();
				double heap = 0;
				Matcher heapMatcher = HEAP.matcher(body);
				while (heapMatcher.find()) {
					heap += Double.parseDouble(heapMatcher.group(1));
				}
				this.maxHeap.accumulateAndGet((long) heap, Math::max);
				Matcher inFlight = IN_FLIGHT.matcher(body);
				if (inFlight.find()) {
					this.maxInFlight.accumulateAndGet((long) Double.parseDouble(inFlight.group(1)), Math::max);
				}
			}
			catch (IOException | RuntimeException ex) {
				// a missed sample only lowers the maximum seen
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
