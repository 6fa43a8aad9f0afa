package io.emabridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * Lifecycle events applied per second by the provisioning worker (its own JVM, from the
 * jar, with its ledger in PostgreSQL and write-backs to the WHMCS sandbox) at 0, 50 and
 * 200 ms of archive latency, beside a plain consumer that applies one record at a time
 * per partition (the naive design, see {@link PlainListener}); then two worker instances
 * in one group. A run is over when every tenant has its final status in the archive
 * sandbox.
 */
final class ProvisioningThroughput implements Benchmark {

	private static final int PARTITIONS = 6;

	private static final int[] LATENCIES_MS = { 0, 50, 200 };

	private static final Duration LONG_WAIT = Duration.ofMinutes(2);

	@Override
	public String name() {
		return "provisioning";
	}

	@Override
	public String title() {
		return "3. Provisioning throughput";
	}

	/**
	 * Rounds at 0 ms before the first measured run: with fewer, the worker's CPU per
	 * event still fell from round to round (by a third between rounds 5 and 20).
	 */
	private static final int WARM_UP_ROUNDS = 20;

	@Override
	public void run(Context context) throws Exception {
		int services = context.size(2_000, 40);
		try (ArchiveSandbox archive = ArchiveSandbox.start(
				ArchiveSandboxOptions.defaults().withApiKeys(Context.ARCHIVE_API_KEY).withRequestLogCapacity(10_000));
				WhmcsSandbox whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withCredentials(Context.WHMCS_IDENTIFIER, Context.WHMCS_SECRET)
					.withAutoCreateServices(true))) {
			String topic = context.infra.createTopic("bench-lifecycle", PARTITIONS);
			String group = context.infra.name("bench-workers");
			String database = context.infra.newDatabase();
			Map<Integer, List<Double>> workerRates = new LinkedHashMap<>();
			Map<Integer, List<Double>> plainRates = new LinkedHashMap<>();
			List<Double> twoWorkers = new ArrayList<>();
			List<Double> workerCpu = new ArrayList<>();
			List<Double> workerCpuWithoutJit = new ArrayList<>();
			List<Double> plainCpu = new ArrayList<>();
			try (ServiceJvm worker = context.worker(topic, group, database, archive.baseUrl(), whmcs.baseUrl(),
					List.of())) {
				// enough rounds for the JIT compilers to settle: a service runs for days,
				// and
				// its compilation is a cost of its first minutes, not of each event; each
				// round's figures are logged, the first and last go on the page
				List<String> warmUp = new ArrayList<>();
				int rounds = context.size(WARM_UP_ROUNDS, 1);
				for (int round = 1; round <= rounds; round++) {
					WorkerRun run = measureWorker(context, worker, archive, topic, services);
					String figures = String.format(Locale.ROOT,
							"round %d: %,.0f events/s, %.2f ms of CPU per event, %.2f ms without the JIT compilers",
							round, run.eventsPerSecond(), run.cpuPerEvent(), run.cpuPerEventWithoutJit());
					context.log("provisioning: warm-up %s", figures);
					if (round == 1 || round == rounds) {
						warmUp.add(figures);
					}
				}
				context.results.note(title(),
						"warm-up at 0 ms, " + services + " services a round: " + String.join("; ", warmUp));
				for (int latency : LATENCIES_MS) {
					archive.faults(Faults.none().withLatencyMs(latency));
					CpuProfile profile = CpuProfile.start(Map.of("worker JVM", worker.pid(),
							"harness JVM (broker, sandboxes, producer)", ProcessHandle.current().pid()));
					for (int rep = 0; rep < context.reps; rep++) {
						context.log("provisioning: one worker, %d services, API at %d ms, run %d of %d", services,
								latency, rep + 1, context.reps);
						WorkerRun run = measureWorker(context, worker, archive, topic, services);
						workerRates.computeIfAbsent(latency, (key) -> new ArrayList<>()).add(run.eventsPerSecond());
						if (latency == 0) {
							workerCpu.add(run.cpuPerEvent());
							workerCpuWithoutJit.add(run.cpuPerEventWithoutJit());
						}
					}
					if (latency == 50) {
						profile.stop(6)
							.forEach((line) -> context.results.note(title(), "CPU during the runs at 50 ms: " + line));
					}
					if (latency == 0) {
						context.results.note(title(), "at 0 ms API latency the worker's CPU per event (whole JVM: "
								+ "ledger in PostgreSQL, archive call, WHMCS write-back, tenant-state record, GC) is "
								+ "what bounds the rate on 2 cores shared with the broker, PostgreSQL and the "
								+ "sandboxes");
					}
				}
				// scaling: a second instance joins the group, at the latency where one
				// instance waits the most
				archive.faults(Faults.none().withLatencyMs(200));
				try (ServiceJvm second = context.worker(topic, group, database, archive.baseUrl(), whmcs.baseUrl(),
						List.of())) {
					context.log("provisioning: warming the second worker up");
					measureWorker(context, archive, topic, services);
					for (int rep = 0; rep < context.reps; rep++) {
						context.log("provisioning: two workers, %d services, API at 200 ms, run %d of %d", services,
								rep + 1, context.reps);
						twoWorkers.add(measureWorker(context, archive, topic, services)[0]);
					}
				}
			}
			for (int latency : LATENCIES_MS) {
				archive.faults(Faults.none().withLatencyMs(latency));
				// the plain listener is slow at high latency: fewer services keep its
				// runs short
				int plainServices = Math.max(10, (latency == 0) ? services : services * 30 / latency / 4);
				plainServices = Math.min(services, plainServices);
				measurePlain(context, archive, plainServices);
				for (int rep = 0; rep < context.reps; rep++) {
					context.log("provisioning: plain listener, %d services, API at %d ms, run %d of %d", plainServices,
							latency, rep + 1, context.reps);
					double[] run = measurePlain(context, archive, plainServices);
					plainRates.computeIfAbsent(latency, (key) -> new ArrayList<>()).add(run[0]);
					if (latency == 0) {
						plainCpu.add(run[2] / run[1]);
					}
				}
			}
			String baseline = "plain consumer, 1 record at a time per partition, " + PARTITIONS + " partitions";
			for (int latency : LATENCIES_MS) {
				Figure figure = Figure.compared(title(),
						String.format(Locale.ROOT, "events/s, 1 worker, API at %d ms", latency), "events/s",
						Stats.of(workerRates.get(latency)), Stats.of(plainRates.get(latency)), baseline, true);
				if (latency == 50) {
					boolean met = figure.ratio() >= 8 && figure.ours().median() >= 1_000;
					figure = figure.withTarget(">= 8x and >= 1,000 events/s" + (met ? ": met" : ": NOT met"));
				}
				context.results.add(figure);
			}
			context.results.add(Figure.compared(title(), "events/s, 2 workers, API at 200 ms", "events/s",
					Stats.of(twoWorkers), Stats.of(workerRates.get(200)), "1 worker, same run", true));
			Figure cpu = Figure.compared(title(), "CPU per event, 1 worker, API at 0 ms", "ms", Stats.of(workerCpu),
					Stats.of(plainCpu), "plain consumer's own threads (polling, HTTP client), same run", false);
			context.results.add(cpu);
			Figure steady = Figure.compared(title(),
					"CPU per event, 1 worker, API at 0 ms, JIT compiler threads excluded", "ms",
					Stats.of(workerCpuWithoutJit), Stats.of(plainCpu),
					"plain consumer's own threads (polling, HTTP client), same run", false);
			boolean cpuMet = steady.ours().median() <= 0.3;
			context.results.add(steady.withTarget("<= 0.3 ms" + (cpuMet ? ": met" : ": NOT met")));
			context.results.note(title(),
					String.format(Locale.ROOT, "workload: %d services per run, each created, "
							+ "suspended, and every second one unsuspended (2.5 events per service), %d partitions; "
							+ "worker: %s, warmed up with %d rounds before the first measured one", services,
							PARTITIONS, String.join(" ", context.serviceJvm), WARM_UP_ROUNDS));
		}
	}

	/**
	 * Sends a batch and waits until the archive shows it applied: events/s and events.
	 */
	private static double[] measureWorker(Context context, ArchiveSandbox archive, String topic, int services) {
		Workload.Batch batch = Workload.services(services);
		long start = System.nanoTime();
		Workload.send(context.infra.bootstrapServers(), topic, batch.events());
		awaitApplied(archive, batch, () -> {
		});
		double seconds = (System.nanoTime() - start) / 1e9;
		context.results.loadAverage(Machine.loadAverage());
		return new double[] { batch.events().size() / seconds, batch.events().size() };
	}

	/**
	 * Runs a batch through the worker, measuring its CPU: the whole JVM's, and that of
	 * its JIT compiler threads (a cost of the first minutes of a service that runs for
	 * days, not of each event).
	 */
	private static WorkerRun measureWorker(Context context, ServiceJvm worker, ArchiveSandbox archive, String topic,
			int services) {
		Duration cpuBefore = worker.cpu();
		CpuProfile threads = CpuProfile.start(Map.of("worker JVM", worker.pid()));
		double[] run = measureWorker(context, archive, topic, services);
		double cpuMillis = worker.cpu().minus(cpuBefore).toNanos() / 1e6;
		long jitMillis = threads.millis("worker JVM", (name) -> name.contains("CompilerThre"));
		return new WorkerRun(run[0], run[1], cpuMillis, jitMillis);
	}

	/**
	 * Runs the plain consumer over a batch: events/s, events, and the CPU in ms of its
	 * own threads (the harness JVM also runs the broker and the sandboxes).
	 */
	private static double[] measurePlain(Context context, ArchiveSandbox archive, int services) {
		String topic = context.infra.createTopic("bench-plain", PARTITIONS);
		Workload.Batch batch = Workload.services(services);
		String harness = "harness";
		CpuProfile profile = CpuProfile.start(Map.of(harness, ProcessHandle.current().pid()));
		try (PlainListener listener = PlainListener.start(context.infra.bootstrapServers(), topic, PARTITIONS,
				archive.baseUrl(), Context.ARCHIVE_API_KEY)) {
			long start = System.nanoTime();
			Workload.send(context.infra.bootstrapServers(), topic, batch.events());
			awaitApplied(archive, batch, () -> {
				listener.throwIfFailed();
				if (listener.skipped() > 0) {
					throw new IllegalStateException(listener.skipped() + " records failed in the plain listener");
				}
			});
			double seconds = (System.nanoTime() - start) / 1e9;
			context.results.loadAverage(Machine.loadAverage());
			// its consumer threads, which make the archive calls themselves (thread names
			// as Linux keeps them, 15 characters)
			long cpuMillis = profile.millis(harness, (group) -> group.startsWith(PlainListener.THREAD_PREFIX));
			return new double[] { batch.events().size() / seconds, batch.events().size(), cpuMillis };
		}
	}

	/** Every tenant of the batch exists with its final status. */
	static void awaitApplied(ArchiveSandbox archive, Workload.Batch batch, Runnable stillRunning) {
		Map<String, TenantStatus> pending = new HashMap<>();
		batch.active().forEach((slug) -> pending.put(slug, TenantStatus.ACTIVE));
		batch.suspended().forEach((slug) -> pending.put(slug, TenantStatus.SUSPENDED));
		long deadline = System.nanoTime() + LONG_WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			stillRunning.run();
			pending.entrySet()
				.removeIf((entry) -> archive.tenant(entry.getKey())
					.map((tenant) -> tenant.status() == entry.getValue())
					.orElse(false));
			if (pending.isEmpty()) {
				return;
			}
			// the sandbox has no completion callback: poll it
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
		throw new IllegalStateException(pending.size() + " services of the batch were not applied within " + LONG_WAIT);
	}

	/** One batch through the worker: its rate, and the worker's CPU in ms. */
	private record WorkerRun(double eventsPerSecond, double events, double cpuMillis, double jitMillis) {

		double cpuPerEvent() {
			return this.cpuMillis / this.events;
		}

		double cpuPerEventWithoutJit() {
			return Math.max(0, this.cpuMillis - this.jitMillis) / this.events;
		}

	}

}
