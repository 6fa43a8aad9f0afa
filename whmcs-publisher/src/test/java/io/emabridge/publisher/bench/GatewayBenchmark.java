package io.emabridge.publisher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.embedded.KeepAliveHttpClient;
import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.publisher.Events;
import io.emabridge.publisher.GatewayApplication;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures the gateway on the embedded broker, next to a plain {@link KafkaProducer} with
 * the same settings (acks=all, idempotent, same linger and timeouts) in the same JVM:
 * <ol>
 * <li>signed events per second with N concurrent HTTP clients (each sends, waits for the
 * 202, sends the next);</li>
 * <li>latency at a fixed rate (500 events/s by default), measured open-loop from the
 * moment each event was due, so that a stall is not hidden by the load generator slowing
 * down;</li>
 * <li>the same two figures for the plain producer, and the ratios.</li>
 * </ol>
 * Also prints where the CPU went, by thread group. Everything runs in one JVM on one
 * machine: the load generator, the gateway and the broker share the cores, so the figures
 * are a floor for a gateway on its own host.
 * <p>
 * Not part of the test run: it is tagged {@code slow}, its name does not end in
 * {@code Tests}, and it skips itself unless {@code -Dema.benchmark=true}. Run it with
 * {@code ./mvnw -B -pl whmcs-publisher -Pbenchmark test} or from {@link #main}. Tunables
 * (system properties): {@code ema.benchmark.clients} (default {@code 8,32,64}),
 * {@code ema.benchmark.seconds} per phase (10), {@code ema.benchmark.rate} (500),
 * {@code ema.benchmark.rate-seconds} (20), {@code ema.benchmark.gateway-args} (extra
 * {@code --name=value} arguments for the gateway). The table is also written to
 * {@code target/gateway-benchmark.txt}.
 */
@Tag("slow")
public class GatewayBenchmark {

	private static final String SECRET = "benchmark-secret";

	private final int[] clients = Arrays.stream(System.getProperty("ema.benchmark.clients", "8,32,64").split(","))
		.mapToInt((value) -> Integer.parseInt(value.trim()))
		.toArray();

	private final Duration phase = Duration.ofSeconds(Long.getLong("ema.benchmark.seconds", 10));

	private final int rate = Integer.getInteger("ema.benchmark.rate", 500);

	private final Duration ratePhase = Duration.ofSeconds(Long.getLong("ema.benchmark.rate-seconds", 20));

	private final AtomicLong serviceIds = new AtomicLong(1_000_000);

	@Test
	void measure() throws Exception {
		assumeTrue(Boolean.getBoolean("ema.benchmark"), "benchmark runs only with -Dema.benchmark=true");
		run();
	}

	public static void main(String[] args) throws Exception {
		new GatewayBenchmark().run();
		System.exit(0);
	}

	void run() throws Exception {
		String bootstrap = SharedKafka.bootstrapServers();
		String gatewayTopic = TestNames.topic("bench-gateway");
		String rawTopic = TestNames.topic("bench-raw");
		SharedKafka.createTopic(rawTopic, 6);
		List<String> lines = new ArrayList<>();
		try (ConfigurableApplicationContext gateway = startGateway(bootstrap, gatewayTopic);
				KafkaProducer<String, byte[]> raw = rawProducer(bootstrap)) {
			int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
			HttpLoad http = new HttpLoad(port);
			Timer ackTimer = gateway.getBean(MeterRegistry.class).get("ema.gateway.kafka.ack").timer();

			log("warming up for %s", this.phase);
			closedLoop(16, this.phase, http::sendOne, "warm-up");
			closedLoop(16, Duration.ofSeconds(3), () -> sendRaw(raw, rawTopic), "warm-up");

			Map<String, String[]> table = new LinkedHashMap<>();
			List<String> cpu = new ArrayList<>();
			for (int n : this.clients) {
				log("throughput with %d clients", n);
				Throughput viaGateway = closedLoop(n, this.phase, http::sendOne, "gateway, " + n + " clients");
				Throughput direct = closedLoop(n, this.phase, () -> sendRaw(raw, rawTopic),
						"raw producer, " + n + " clients");
				cpu.add(viaGateway.cpu());
				cpu.add(direct.cpu());
				table.put("events/s, " + n + " clients", row(viaGateway.perSecond(), direct.perSecond(), "%.0f"));
				table.put("  p50 / p99 ms, " + n + " clients",
						new String[] { "%.1f / %.1f".formatted(viaGateway.latency().p50(), viaGateway.latency().p99()),
								"%.1f / %.1f".formatted(direct.latency().p50(), direct.latency().p99()), "" });
				table.put("  failed, " + n + " clients",
						new String[] { "" + viaGateway.failed(), "" + direct.failed(), "" });
			}

			log("fixed rate of %d events/s for %s", this.rate, this.ratePhase);
			long[] acksBefore = buckets(ackTimer);
			Latency gatewayLatency = fixedRate(this.rate, this.ratePhase, http::sendAsync);
			Latency serverAck = bucketPercentiles(acksBefore, ackTimer);
			Latency rawLatency = fixedRate(this.rate, this.ratePhase, () -> sendRawAsync(raw, rawTopic));
			table.put("p50 ms at " + this.rate + "/s", row(gatewayLatency.p50(), rawLatency.p50(), "%.2f"));
			table.put("p99 ms at " + this.rate + "/s", row(gatewayLatency.p99(), rawLatency.p99(), "%.2f"));
			table.put("max ms at " + this.rate + "/s", row(gatewayLatency.max(), rawLatency.max(), "%.2f"));
			table.put("  gateway's own ack timer p50 / p99 ms (bucket upper bounds)",
					new String[] { "%.2f / %.2f".formatted(serverAck.p50(), serverAck.p99()), "", "" });
			table.put("  failed at " + this.rate + "/s",
					new String[] { "" + gatewayLatency.failed(), "" + rawLatency.failed(), "" });

			lines.add("Gateway benchmark, %s, %d cores, Java %s, acks=all, idempotent, linger.ms=1".formatted(
					Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
			lines.add("Load generator, gateway and a single-node KRaft broker share this one JVM and its cores.");
			lines.add("");
			lines.add(String.format(Locale.ROOT, "%-62s %14s %14s %8s", "", "gateway", "raw producer", "ratio"));
			table.forEach((name, values) -> lines
				.add(String.format(Locale.ROOT, "%-62s %14s %14s %8s", name, values[0], values[1], values[2])));
			lines.add("");
			lines.add("CPU by thread group (ms of CPU per 1,000 events):");
			lines.addAll(cpu);
		}
		PrintStream out = System.out;
		lines.forEach(out::println);
		Path report = Path.of("target", "gateway-benchmark.txt");
		Files.createDirectories(report.getParent());
		Files.write(report, lines, StandardCharsets.UTF_8);
		log("written to %s", report.toAbsolutePath());
	}

	private ConfigurableApplicationContext startGateway(String bootstrap, String topic) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + bootstrap,
				"--ema.gateway.topic=" + topic, "--ema.gateway.secrets=" + SECRET, "--logging.level.root=WARN",
				"--spring.main.banner-mode=off"));
		String extra = System.getProperty("ema.benchmark.gateway-args", "");
		if (!extra.isBlank()) {
			args.addAll(List.of(extra.trim().split("\\s+")));
		}
		return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
	}

	/** The gateway's producer settings, without the gateway. */
	private static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.CLIENT_ID_CONFIG, "bench-raw", ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
				ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	private byte[] nextEvent() {
		return Events.json(EventType.SUSPEND, UUID.randomUUID(), this.serviceIds.incrementAndGet());
	}

	private boolean sendRaw(KafkaProducer<String, byte[]> producer, String topic) throws Exception {
		producer.send(rawRecord(topic)).get(10, TimeUnit.SECONDS);
		return true;
	}

	private CompletableFuture<Boolean> sendRawAsync(KafkaProducer<String, byte[]> producer, String topic) {
		CompletableFuture<Boolean> done = new CompletableFuture<>();
		producer.send(rawRecord(topic), (metadata, exception) -> done.complete(exception == null));
		return done;
	}

	/** What the gateway would produce: same key, value and seven CloudEvents headers. */
	private ProducerRecord<String, byte[]> rawRecord(String topic) {
		long serviceId = this.serviceIds.incrementAndGet();
		String eventId = UUID.randomUUID().toString();
		byte[] body = Events.json(EventType.SUSPEND, UUID.fromString(eventId), serviceId);
		RecordHeaders headers = new RecordHeaders();
		for (String[] header : new String[][] { { "ce_specversion", "1.0" }, { "ce_id", eventId },
				{ "ce_type", "service.suspend" }, { "ce_source", "/whmcs/gateway" },
				{ "ce_time", "2026-11-26T19:31:08.123456Z" }, { "ce_subject", Long.toString(serviceId) },
				{ "content-type", "application/json" } }) {
			headers.add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
		}
		return new ProducerRecord<>(topic, null, Long.toString(serviceId), body, headers);
	}

	/**
	 * N threads, each sending one event at a time, as fast as the answers come. The
	 * threads stay alive until the CPU sample after the phase is taken, or their CPU time
	 * would be lost.
	 */
	private static Throughput closedLoop(int threads, Duration duration, Operation operation, String label)
			throws InterruptedException {
		CpuSample before = CpuSample.take();
		CountDownLatch release = new CountDownLatch(1);
		LongAdder failed = new LongAdder();
		List<long[]> latencies = new ArrayList<>();
		int[] counts = new int[threads];
		CountDownLatch done = new CountDownLatch(threads);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		for (int t = 0; t < threads; t++) {
			long[] mine = new long[1 << 16];
			latencies.add(mine);
			int index = t;
			Thread thread = new Thread(() -> {
				try {
					int n = 0;
					long now;
					while ((now = System.nanoTime()) < end) {
						boolean ok;
						try {
							ok = operation.call();
						}
						catch (Exception ex) {
							ok = false;
						}
						if (ok) {
							if (n < mine.length) {
								mine[n] = System.nanoTime() - now;
							}
							n++;
						}
						else {
							failed.increment();
						}
					}
					counts[index] = n;
				}
				finally {
					done.countDown();
				}
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "bench-client-" + t);
			thread.start();
		}
		done.await();
		double seconds = (System.nanoTime() - start) / 1e9;
		long completed = Arrays.stream(counts).asLongStream().sum();
		String cpu = before.since(label, completed);
		release.countDown();
		long[] all = new long[(int) Math.min(Integer.MAX_VALUE, completed)];
		int at = 0;
		for (int t = 0; t < threads; t++) {
			int n = Math.min(counts[t], latencies.get(t).length);
			System.arraycopy(latencies.get(t), 0, all, at, n);
			at += n;
		}
		return new Throughput(completed, failed.sum(), completed / seconds, Latency.of(Arrays.copyOf(all, at), 0), cpu);
	}

	/**
	 * One event every 1/rate seconds, whatever happened to the previous ones; each
	 * latency counts from when the event was due, not from when it was actually sent.
	 */
	private static Latency fixedRate(int rate, Duration duration, Supplier<CompletableFuture<Boolean>> send)
			throws InterruptedException {
		int total = (int) (rate * duration.toSeconds());
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		long[] latencies = new long[total];
		LongAdder failed = new LongAdder();
		CountDownLatch done = new CountDownLatch(total);
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
		for (int i = 0; i < total; i++) {
			long due = start + i * period;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			int index = i;
			send.get().whenComplete((ok, ex) -> {
				latencies[index] = System.nanoTime() - due;
				if (ex != null || !Boolean.TRUE.equals(ok)) {
					failed.increment();
				}
				done.countDown();
			});
		}
		if (!done.await(30, TimeUnit.SECONDS)) {
			failed.add(done.getCount());
		}
		return Latency.of(latencies, failed.sum());
	}

	private static long[] buckets(Timer timer) {
		return Arrays.stream(timer.takeSnapshot().histogramCounts()).mapToLong((b) -> (long) b.count()).toArray();
	}

	/**
	 * Percentiles of the gateway's own ack timer over one phase, as the upper bounds of
	 * its histogram buckets.
	 */
	private static Latency bucketPercentiles(long[] before, Timer timer) {
		CountAtBucket[] after = timer.takeSnapshot().histogramCounts();
		long total = (long) after[after.length - 1].count() - before[before.length - 1];
		double p50 = Double.NaN;
		double p99 = Double.NaN;
		for (int i = 0; i < after.length; i++) {
			long cumulative = (long) after[i].count() - before[i];
			double bound = after[i].bucket(TimeUnit.MILLISECONDS);
			if (Double.isNaN(p50) && cumulative >= total * 0.50) {
				p50 = bound;
			}
			if (Double.isNaN(p99) && cumulative >= total * 0.99) {
				p99 = bound;
			}
		}
		return new Latency(p50, p99, Double.NaN, 0);
	}

	private static String[] row(double gateway, double raw, String format) {
		return new String[] { String.format(Locale.ROOT, format, gateway), String.format(Locale.ROOT, format, raw),
				String.format(Locale.ROOT, "%.2f", gateway / raw) };
	}

	private static void log(String format, Object... args) {
		System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
	}

	@FunctionalInterface
	interface Operation {

		boolean call() throws Exception;

	}

	record Throughput(long completed, long failed, double perSecond, Latency latency, String cpu) {
	}

	record Latency(double p50, double p99, double max, long failed) {

		static Latency of(long[] nanos, long failed) {
			long[] sorted = nanos.clone();
			Arrays.sort(sorted);
			if (sorted.length == 0) {
				return new Latency(Double.NaN, Double.NaN, Double.NaN, failed);
			}
			return new Latency(millis(sorted, 0.50), millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6, failed);
		}

		private static double millis(long[] sorted, double quantile) {
			int index = (int) Math.ceil(quantile * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
		}
	}

	/**
	 * Signed events over real HTTP, the way the WHMCS module sends them: one kept-alive
	 * connection per sending thread, a fresh event id and signature per request.
	 */
	private final class HttpLoad {

		private final ThreadLocal<KeepAliveHttpClient> connections;

		private final ExecutorService senders = Executors.newFixedThreadPool(64, new NamedThreads("bench-sender-"));

		HttpLoad(int port) {
			this.connections = ThreadLocal.withInitial(() -> new KeepAliveHttpClient(port));
		}

		boolean sendOne() throws IOException {
			byte[] body = nextEvent();
			String now = Long.toString(Instant.now().getEpochSecond());
			String[] headers = { "Content-Type", "application/json", RequestSignature.TIMESTAMP_HEADER, now,
					RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(SECRET, Long.parseLong(now), body) };
			return this.connections.get().post("/api/whmcs/events", headers, body) == 202;
		}

		CompletableFuture<Boolean> sendAsync() {
			return CompletableFuture.supplyAsync(() -> {
				try {
					return sendOne();
				}
				catch (IOException ex) {
					return false;
				}
			}, this.senders);
		}

	}

	private static final class NamedThreads implements ThreadFactory {

		private final String prefix;

		private final AtomicLong count = new AtomicLong();

		NamedThreads(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

	/**
	 * CPU time of the process and of each group of threads, to say where the time goes.
	 */
	private record CpuSample(long process, Map<String, Long> groups) {

		private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

		static CpuSample take() {
			Map<String, Long> groups = new LinkedHashMap<>();
			for (String group : List.of("load generator", "gateway (tomcat)", "producer I/O", "broker + other")) {
				groups.put(group, 0L);
			}
			for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
				if (info == null) {
					continue;
				}
				long cpu = THREADS.getThreadCpuTime(info.getThreadId());
				if (cpu > 0) {
					groups.merge(group(info.getThreadName()), cpu, Long::sum);
				}
			}
			long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
			return new CpuSample(process, groups);
		}

		private static String group(String thread) {
			if (thread.startsWith("bench-")) {
				return "load generator";
			}
			if (thread.startsWith("http-nio")) {
				return "gateway (tomcat)";
			}
			if (thread.startsWith("kafka-producer-network-thread")) {
				return "producer I/O";
			}
			return "broker + other";
		}

		/**
		 * One line: CPU ms per 1,000 events for each group, and GC/JIT as the rest of the
		 * process's time.
		 */
		String since(String label, long events) {
			CpuSample now = take();
			double perThousand = 1000.0 / Math.max(1, events) / 1e6;
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-28s", label));
			long threads = 0;
			for (Map.Entry<String, Long> group : now.groups.entrySet()) {
				long used = Math.max(0, group.getValue() - this.groups.getOrDefault(group.getKey(), 0L));
				threads += used;
				line.append(String.format(Locale.ROOT, " %s %.0f,", group.getKey(), used * perThousand));
			}
			long process = now.process - this.process;
			line.append(String.format(Locale.ROOT, " gc/jit/untracked %.0f; total %.0f",
					Math.max(0, process - threads) * perThousand, process * perThousand));
			return line.toString();
		}
	}

}
