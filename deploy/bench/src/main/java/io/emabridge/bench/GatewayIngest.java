package io.emabridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.emabridge.embedded.KeepAliveHttpClient;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.signing.RequestSignature;

/**
 * Signed events into the gateway (its own JVM, from the jar) over kept-alive HTTP
 * connections, beside a plain {@link KafkaProducer} in this JVM with the gateway's
 * producer settings (acks=all, idempotent, linger 1 ms) writing the same records with the
 * same headers: the cost of the HTTP hop, the signature check and validation.
 */
final class GatewayIngest implements Benchmark {

	private static final int CLIENTS = 16;

	private static final int RATE = 500;

	private static final String RAW_CLIENT_ID = "bench-raw";

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Override
	public String name() {
		return "gateway";
	}

	@Override
	public String title() {
		return "2. Gateway ingest";
	}

	@Override
	public void run(Context context) throws Exception {
		Duration phase = Duration.ofSeconds(context.size(5, 2));
		String topic = context.infra.createTopic("bench-gateway", 6);
		String rawTopic = context.infra.createTopic("bench-raw", 6);
		ExecutorService senders = Executors.newFixedThreadPool(64);
		try (ServiceJvm gateway = context.gateway(topic);
				KafkaProducer<String, byte[]> raw = rawProducer(context.infra.bootstrapServers())) {
			ThreadLocal<KeepAliveHttpClient> connections = ThreadLocal
				.withInitial(() -> new KeepAliveHttpClient(Integer.parseInt(gateway.url().replaceAll(".*:", ""))));
			Operation viaGateway = () -> postSigned(connections.get());
			Operation direct = () -> {
				raw.send(rawRecord(rawTopic)).get(10, TimeUnit.SECONDS);
				return true;
			};
			// the JIT compilers settle before anything is measured: a gateway runs for
			// days
			closedLoop(CLIENTS, phase.multipliedBy(context.size(4, 1)), viaGateway);
			closedLoop(CLIENTS, Duration.ofSeconds(2), direct);

			List<Double> gatewayRate = new ArrayList<>();
			List<Double> rawRate = new ArrayList<>();
			List<Double> gatewayP50 = new ArrayList<>();
			List<Double> rawP50 = new ArrayList<>();
			List<Double> gatewayP99 = new ArrayList<>();
			List<Double> rawP99 = new ArrayList<>();
			List<Double> gatewayCpu = new ArrayList<>();
			List<Double> rawCpu = new ArrayList<>();
			List<String> cpu = new ArrayList<>();
			for (int rep = 0; rep < context.reps; rep++) {
				context.log("gateway: %d clients for %s, then %d events/s, run %d of %d", CLIENTS, phase, RATE, rep + 1,
						context.reps);
				Duration cpuBefore = gateway.cpu();
				CpuProfile profile = CpuProfile.start(Map.of("gateway JVM", gateway.pid(),
						"harness JVM (load generator, broker)", ProcessHandle.current().pid()));
				double[] ours = closedLoop(CLIENTS, phase, viaGateway);
				cpu = profile.stop(5);
				gatewayCpu.add(gateway.cpu().minus(cpuBefore).toNanos() / 1e6 / ours[3]);
				long ioBefore = producerIoCpuNanos();
				double[] theirs = closedLoop(CLIENTS, phase, direct);
				rawCpu.add((theirs[4] + (producerIoCpuNanos() - ioBefore)) / 1e6 / theirs[3]);
				gatewayRate.add(ours[0]);
				rawRate.add(theirs[0]);
				double[] oursAtRate = fixedRate(RATE, phase, () -> async(senders, viaGateway));
				double[] theirsAtRate = fixedRate(RATE, phase, () -> async(senders, direct));
				gatewayP50.add(oursAtRate[0]);
				gatewayP99.add(oursAtRate[1]);
				rawP50.add(theirsAtRate[0]);
				rawP99.add(theirsAtRate[1]);
				context.results.loadAverage(Machine.loadAverage());
			}
			String baseline = "KafkaProducer in-process, same settings and records";
			context.results.add(Figure.compared(title(), "signed events/s, " + CLIENTS + " clients one at a time",
					"events/s", Stats.of(gatewayRate), Stats.of(rawRate), baseline, true));
			context.results.add(Figure.compared(title(), "ack latency p50 at " + RATE + " events/s", "ms",
					Stats.of(gatewayP50), Stats.of(rawP50), baseline, false));
			context.results.add(Figure.compared(title(), "ack latency p99 at " + RATE + " events/s", "ms",
					Stats.of(gatewayP99), Stats.of(rawP99), baseline, false));
			context.results.add(Figure.compared(title(), "CPU per event, " + CLIENTS + " clients one at a time", "ms",
					Stats.of(gatewayCpu), Stats.of(rawCpu),
					"the KafkaProducer's CPU: its " + CLIENTS + " sending threads and its I/O thread", false));
			context.results.note(title(), "CPU per event: the whole gateway JVM (HTTP, signature, validation, "
					+ "producer, GC, JIT) against the threads of the harness that send with the plain producer "
					+ "(the harness's GC is not counted, and it shares its JVM with the broker); load generator, "
					+ "broker and gateway share the cores, so the rate is a floor");
			cpu.forEach((line) -> context.results.note(title(), "CPU during the last closed-loop run: " + line));
		}
		finally {
			senders.shutdownNow();
		}
	}

	private static boolean postSigned(KeepAliveHttpClient client) throws IOException {
		byte[] body = LifecycleEventJson.write(Workload.suspend(Workload.nextServiceId(), Instant.now()));
		long now = Instant.now().getEpochSecond();
		String[] headers = { "Content-Type", "application/json", RequestSignature.TIMESTAMP_HEADER, Long.toString(now),
				RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(Context.GATEWAY_SECRET, now, body) };
		return client.post("/api/whmcs/events", headers, body) == 202;
	}

	private static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
		Map<String, Object> config = Map.of(ProducerConfig.CLIENT_ID_CONFIG, RAW_CLIENT_ID,
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
				ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	/** What the gateway writes: the same key, value and CloudEvents headers. */
	private static ProducerRecord<String, byte[]> rawRecord(String topic) {
		ServiceSuspended event = Workload.suspend(Workload.nextServiceId(), Instant.now());
		RecordHeaders headers = new RecordHeaders();
		for (String[] header : new String[][] { { "ce_specversion", "1.0" }, { "ce_id", event.eventId().toString() },
				{ "ce_type", "service.suspend" }, { "ce_source", "/whmcs/gateway" },
				{ "ce_time", event.occurredAt().toString() }, { "ce_subject", event.key() },
				{ "content-type", "application/json" } }) {
			headers.add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
		}
		return new ProducerRecord<>(topic, null, event.key(), LifecycleEventJson.write(event), headers);
	}

	/**
	 * CPU time of the plain producer's I/O thread so far.
	 */
	private static long producerIoCpuNanos() {
		long nanos = 0;
		for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
			if (thread != null && thread.getThreadName().equals("kafka-producer-network-thread | " + RAW_CLIENT_ID)) {
				nanos += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
			}
		}
		return nanos;
	}

	/**
	 * N threads each sending one event at a time: events/s, p50/p99 ms of the calls, the
	 * events sent, and the CPU nanoseconds the sending threads used.
	 */
	private static double[] closedLoop(int threads, Duration duration, Operation operation)
			throws InterruptedException {
		LongAdder failed = new LongAdder();
		LongAdder cpuNanos = new LongAdder();
		List<double[]> latencies = new ArrayList<>();
		int[] counts = new int[threads];
		CountDownLatch done = new CountDownLatch(threads);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		for (int t = 0; t < threads; t++) {
			double[] mine = new double[1 << 17];
			latencies.add(mine);
			int index = t;
			Thread thread = new Thread(() -> {
				long cpuBefore = THREADS.getCurrentThreadCpuTime();
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
							mine[n] = (System.nanoTime() - now) / 1e6;
						}
						n++;
					}
					else {
						failed.increment();
					}
				}
				counts[index] = n;
				cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuBefore);
				done.countDown();
			}, "bench-client-" + t);
			thread.start();
		}
		done.await();
		if (failed.sum() > 0) {
			throw new IllegalStateException(failed.sum() + " sends failed");
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long completed = Arrays.stream(counts).asLongStream().sum();
		double[] all = new double[0];
		for (int t = 0; t < threads; t++) {
			int n = Math.min(counts[t], latencies.get(t).length);
			double[] merged = Arrays.copyOf(all, all.length + n);
			System.arraycopy(latencies.get(t), 0, merged, all.length, n);
			all = merged;
		}
		return new double[] { completed / seconds, Stats.percentile(all, 0.5), Stats.percentile(all, 0.99), completed,
				cpuNanos.sum() };
	}

	/**
	 * One event every 1/rate s whatever happened to the earlier ones; each latency counts
	 * from when the event was due, so a stall is not hidden by a slowed-down load
	 * generator. p50 and p99 in ms.
	 */
	private static double[] fixedRate(int rate, Duration duration, Supplier<CompletableFuture<Boolean>> send)
			throws InterruptedException {
		int total = (int) (rate * duration.toSeconds());
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		double[] latencies = new double[total];
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
				latencies[index] = (System.nanoTime() - due) / 1e6;
				if (ex != null || !Boolean.TRUE.equals(ok)) {
					failed.increment();
				}
				done.countDown();
			});
		}
		if (!done.await(60, TimeUnit.SECONDS) || failed.sum() > 0) {
			throw new IllegalStateException((failed.sum() + done.getCount()) + " sends at a fixed rate failed");
		}
		return new double[] { Stats.percentile(latencies, 0.5), Stats.percentile(latencies, 0.99) };
	}

	private static CompletableFuture<Boolean> async(ExecutorService senders, Operation operation) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return operation.call();
			}
			catch (Exception ex) {
				return false;
			}
		}, senders);
	}

	@FunctionalInterface
	interface Operation {

		boolean call() throws Exception;

	}

}
