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

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.ProvisioningWorkerApplication;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.support.ServerSettings;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.testsupport.JvmProcess;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.awaitility.Awaitility.await;

/**
 * Events per second of one worker (its own JVM, 256 MiB heap) against the archive sandbox
 * answering in 50 ms, beside a plain one-record-at-a-time {@code @KafkaListener} measured
 * in the same run. Not a timed test: it prints a table.
 * <p>
 * {@code ./mvnw -B -pl provisioning-worker -Pbenchmark test}. System properties:
 * {@code bench.services} (2,000), {@code bench.warm-up-services} (2,000 per warm-up
 * round), {@code bench.warm-up-rounds} (3), {@code bench.baseline-services} (600),
 * {@code bench.worker-properties} ({@code key=value,...} for the worker),
 * {@code bench.jvm-options} (added to {@code -Xmx256m}), {@code bench.debug} (prints the
 * worker's timers and the ledger's timings).
 * <p>
 * The CPU line it prints matters as much as the rate: on a small machine the broker, the
 * database, both sandboxes and the worker share the same cores, and the rate is bounded
 * by CPU rather than by the worker's concurrency.
 */
@Tag("slow")
class ProvisioningBenchmark {

	private static final int SERVICES = Integer.getInteger("bench.services", 2_000);

	private static final int WARM_UP_SERVICES = Integer.getInteger("bench.warm-up-services", 2_000);

	private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 3);

	private static final int BASELINE_SERVICES = Integer.getInteger("bench.baseline-services", 600);

	private static final int PARTITIONS = 6;

	private static final int LATENCY_MS = 50;

	private static final Duration LONG_WAIT = Duration.ofMinutes(10);

	/** The first measurement of a meter on the metrics endpoint. */
	private static final Pattern METER_VALUE = Pattern
		.compile("\"statistic\":\"(?:VALUE|TOTAL_TIME|COUNT|TOTAL)\",\"value\":([-0-9.Ee+]+)");

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
			JdbcTemplate ledger = new JdbcTemplate(
					new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
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
			// measures the worker, not the rate limit of archive calls (50/s by default,
			// far below this rate)
			properties.put("ema.archive.rate-limit.requests-per-second", 0);
			// single meters cost far less to read than the whole Prometheus page: the
			// sampler must not load the worker
			properties.put("management.endpoints.web.exposure.include", "health,prometheus,metrics");
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
			try (JvmProcess process = JvmProcess.start("bench-" + TestNames.shortId(),
					ProvisioningWorkerApplication.class, jvmOptions, properties)) {
				String metricsUrl = "http://127.0.0.1:" + port + "/actuator/prometheus";
				String meterUrl = "http://127.0.0.1:" + port + "/actuator/metrics/";
				await().atMost(Duration.ofMinutes(2)).until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("The worker did not start:\n" + process.output());
					}
					return up("http://127.0.0.1:" + port + "/actuator/health");
				});

				int warmedUp = warmUp(topic, ledger, process.pid());

				List<LifecycleEvent> events = services(SERVICES);
				// a marker for a profiler attached from outside to the measured part only
				System.out.println("Warm-up done, measuring " + SERVICES + " services");
				Sampler sampler = new Sampler(meterUrl);
				sampler.start();
				long workerJitBefore = JitCompilers.cpuMillis(process.pid());
				long ownJitBefore = JitCompilers.cpuMillis(ProcessHandle.current().pid());
				long workerCpuBefore = process.cpuNanos();
				long ownCpuBefore = ownCpuNanos();
				long[] machineBefore = machineTicks();
				long started = System.nanoTime();
				Instant from = Instant.now();
				send(topic, events);
				await().atMost(LONG_WAIT)
					.pollInterval(Duration.ofMillis(50))
					.until(() -> settled(ledger) >= warmedUp + SERVICES);
				long elapsed = System.nanoTime() - started;
				long workerCpu = process.cpuNanos() - workerCpuBefore;
				long ownCpu = ownCpuNanos() - ownCpuBefore;
				long workerJit = JitCompilers.cpuMillis(process.pid()) - workerJitBefore;
				long ownJit = JitCompilers.cpuMillis(ProcessHandle.current().pid()) - ownJitBefore;
				long[] machineAfter = machineTicks();
				sampler.stop();
				if (machineAfter[0] > 0) {
					double busy = (machineAfter[0] - machineBefore[0]) * 10.0;
					double idle = (machineAfter[1] - machineBefore[1]) * 10.0;
					System.out.printf(Locale.ROOT,
							"CPU during the run (ms): worker %d, test JVM (broker, sandboxes, "
									+ "producer) %d, everything else %.0f, idle %.0f of %d%n",
							workerCpu / 1_000_000, ownCpu / 1_000_000, busy - (workerCpu + ownCpu) / 1e6, idle,
							elapsed / 1_000_000 * Runtime.getRuntime().availableProcessors());
					System.out.printf(Locale.ROOT,
							"CPU of the JIT compiler threads (ms): worker %d, test JVM %d; CPU per "
									+ "event: worker %.2f ms (%.2f ms without its JIT), whole machine %.2f ms%n",
							workerJit, ownJit, workerCpu / 1e6 / events.size(),
							(workerCpu / 1e6 - workerJit) / events.size(), busy / events.size());
				}
				if (Boolean.getBoolean("bench.debug")) {
					String metrics = this.http
						.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
								HttpResponse.BodyHandlers.ofString())
						.body();
					metrics.lines()
						.filter((l) -> (l.contains("_sum") || l.contains("_count")) && !l.contains("_bucket")
								&& (l.startsWith("ema_") || l.startsWith("hikaricp_connections")))
						.forEach(System.out::println);
					System.out.println(ledger.queryForMap(
							"select max(received_at) - min(received_at) as receiving,"
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
						(int) whmcs.requests().stream().filter((r) -> !r.time().isBefore(from)).count());
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
				return new Result("plain @KafkaListener, 1 record at a time", events.size(), BASELINE_SERVICES, elapsed,
						calls.size(), maxConcurrent(calls), -1, -1, 0);
			}
		}
	}

	/**
	 * Runs {@link #WARM_UP_ROUNDS} rounds of the workload first, printing each with the
	 * CPU the JIT compilers took: on two cores they are still busy (with the database
	 * driver, Kafka, Jackson) long after start-up.
	 * @return the services sent
	 */
	private int warmUp(String topic, JdbcTemplate ledger, long workerPid) {
		int sent = 0;
		for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
			long workerJit = JitCompilers.cpuMillis(workerPid);
			long ownJit = JitCompilers.cpuMillis(ProcessHandle.current().pid());
			long started = System.nanoTime();
			List<LifecycleEvent> events = services(WARM_UP_SERVICES);
			send(topic, events);
			int expected = sent + WARM_UP_SERVICES;
			await().atMost(LONG_WAIT).until(() -> settled(ledger) >= expected);
			sent = expected;
			double seconds = (System.nanoTime() - started) / 1e9;
			System.out.printf(Locale.ROOT,
					"Warm-up round %d: %d events in %.2f s (%.0f events/s); CPU of the JIT "
							+ "compiler threads (ms): worker %d, test JVM %d%n",
					round, events.size(), seconds, events.size() / seconds,
					JitCompilers.cpuMillis(workerPid) - workerJit,
					JitCompilers.cpuMillis(ProcessHandle.current().pid()) - ownJit);
		}
		return sent;
	}

	/**
	 * The value of one meter from the worker's metrics endpoint, 0 when it cannot be
	 * read.
	 */
	private double meter(String url) {
		try {
			String body = this.http
				.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
				.body();
			Matcher value = METER_VALUE.matcher(body);
			return value.find() ? Double.parseDouble(value.group(1)) : 0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	/**
	 * Each service: create, suspend a little later, and for every second one an unsuspend
	 * after that.
	 */
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

	/**
	 * Busy and idle jiffies of the whole machine, from /proc/stat; zeros where that does
	 * not exist.
	 */
	private static long[] machineTicks() {
		try {
			String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
				.get(0)
				.trim()
				.split("\\s+");
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

	/**
	 * Reads the worker's heap and in-flight gauge while it runs, keeping the highest
	 * values.
	 */
	private final class Sampler {

		private final String meterUrl;

		private final AtomicLong maxHeap = new AtomicLong();

		private final AtomicLong maxInFlight = new AtomicLong();

		private volatile boolean running = true;

		private Thread thread;

		Sampler(String meterUrl) {
			this.meterUrl = meterUrl;
		}

		void start() {
			this.thread = new Thread(() -> {
				while (this.running) {
					sample();
					try {
						Thread.sleep(1_000); // a sampling period, not a wait for a
												// condition
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

		/** A missed reading only lowers the maximum seen. */
		private void sample() {
			this.maxHeap.accumulateAndGet((long) meter(this.meterUrl + "jvm.memory.used?tag=area:heap"), Math::max);
			this.maxInFlight.accumulateAndGet((long) meter(this.meterUrl + "ema.applier.in.flight"), Math::max);
		}

	}

}
