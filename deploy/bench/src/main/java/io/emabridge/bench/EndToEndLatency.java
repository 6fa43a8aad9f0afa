package io.emabridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * From the module call to the tenant being active in the archive sandbox, at a steady
 * rate of CreateAccount calls from PHP: through the gateway, Kafka and the worker (its
 * ledger, the archive call) versus the synchronous module, where the tenant is active
 * when the call returns. Each latency counts from when the call was due.
 */
final class EndToEndLatency implements Benchmark {

	private static final int LATENCY_MS = 50;

	private static final Duration LONG_WAIT = Duration.ofMinutes(3);

	@Override
	public String name() {
		return "e2e";
	}

	@Override
	public String title() {
		return "4. End-to-end latency";
	}

	@Override
	public void run(Context context) throws Exception {
		if (!Php.available()) {
			context.results.missing(title(), "no PHP command line with curl on this machine");
			return;
		}
		int rate = 10;
		int calls = rate * context.size(15, 3);
		Php php = new Php(context.checkout);
		try (ArchiveSandbox archive = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withApiKeys(Context.ARCHIVE_API_KEY)
			.withFaults(Faults.none().withLatencyMs(LATENCY_MS)));
				WhmcsSandbox whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withCredentials(Context.WHMCS_IDENTIFIER, Context.WHMCS_SECRET)
					.withAutoCreateServices(true))) {
			String topic = context.infra.createTopic("bench-e2e", 6);
			List<Double> p50 = new ArrayList<>();
			List<Double> p99 = new ArrayList<>();
			List<Double> returnedP50 = new ArrayList<>();
			List<Double> inlineP50 = new ArrayList<>();
			List<Double> inlineP99 = new ArrayList<>();
			long nextService = 7_000_001;
			try (ServiceJvm gateway = context.gateway(topic);
					ServiceJvm worker = context.worker(topic, context.infra.name("bench-e2e"),
							context.infra.newDatabase(), archive.baseUrl(), whmcs.baseUrl(), List.of())) {
				measure(php, archive, gateway.url(), "create-at-rate", rate, Math.min(calls, rate * 3), nextService);
				nextService += calls;
				for (int rep = 0; rep < context.reps; rep++) {
					context.log("e2e: %d CreateAccount calls at %d/s through the bridge, run %d of %d", calls, rate,
							rep + 1, context.reps);
					double[] run = measure(php, archive, gateway.url(), "create-at-rate", rate, calls, nextService);
					nextService += calls;
					p50.add(run[0]);
					p99.add(run[1]);
					returnedP50.add(run[2]);
					context.results.loadAverage(Machine.loadAverage());
				}
				for (int rep = 0; rep < context.reps; rep++) {
					context.log("e2e: %d CreateAccount calls at %d/s, synchronous module, run %d of %d", calls, rate,
							rep + 1, context.reps);
					double[] run = measure(php, archive, gateway.url(), "create-inline-at-rate", rate, calls,
							nextService);
					nextService += calls;
					inlineP50.add(run[0]);
					inlineP99.add(run[1]);
				}
			}
			String baseline = "synchronous module: tenant created inside the call";
			String load = String.format(Locale.ROOT, "%d creates/s, API at %d ms", rate, LATENCY_MS);
			context.results.add(Figure.compared(title(), "module call -> tenant active, p50, " + load, "ms",
					Stats.of(p50), Stats.of(inlineP50), baseline, false));
			context.results.add(Figure.compared(title(), "module call -> tenant active, p99, " + load, "ms",
					Stats.of(p99), Stats.of(inlineP99), baseline, false));
			context.results.note(title(), String.format(Locale.ROOT, "ours, p50: %.1f ms until the module call "
					+ "returned (signed publish, Kafka acknowledgement), the rest (%.1f ms) from there to the tenant: "
					+ "the worker's poll, its ledger transaction and the %d ms archive call",
					Stats.of(returnedP50).median(), Stats.of(p50).median() - Stats.of(returnedP50).median(),
					LATENCY_MS));
			context.results.note(title(),
					"the bridge adds the module's publish, the gateway's Kafka acknowledgement, "
							+ "the worker's poll and ledger transaction to the archive call itself; it trades these "
							+ "milliseconds for a module call that never waits on the archive (benchmark 1)");
		}
	}

	/**
	 * p50 and p99 ms from each call's due time to its tenant's creation time in the
	 * sandbox.
	 */
	private static double[] measure(Php php, ArchiveSandbox archive, String gatewayUrl, String mode, int rate,
			int calls, long firstService) {
		JsonNode result = php.run(mode, calls, gatewayUrl, archive.baseUrl(), firstService, rate);
		Map<String, Double> dueMillis = new HashMap<>();
		double[] returned = new double[result.get("timings").size()];
		int call = 0;
		for (JsonNode timing : result.get("timings")) {
			dueMillis.put("bench-" + timing.get("serviceId").asLong(), timing.get("due").asDouble() * 1000);
			returned[call++] = (timing.get("returned").asDouble() - timing.get("due").asDouble()) * 1000;
		}
		double[] latencies = new double[dueMillis.size()];
		int at = 0;
		long deadline = System.nanoTime() + LONG_WAIT.toNanos();
		Map<String, Double> pending = new HashMap<>(dueMillis);
		while (!pending.isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(pending.size() + " tenants were not created within " + LONG_WAIT);
			}
			var iterator = pending.entrySet().iterator();
			while (iterator.hasNext()) {
				var entry = iterator.next();
				ArchiveTenant tenant = archive.tenant(entry.getKey()).orElse(null);
				if (tenant != null) {
					latencies[at++] = tenant.createdAt().toEpochMilli() - entry.getValue();
					iterator.remove();
				}
			}
			// the sandbox has no completion callback: poll it (the latency itself comes
			// from its creation time)
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
		return new double[] { Stats.percentile(latencies, 0.5), Stats.percentile(latencies, 0.99),
				Stats.percentile(returned, 0.5) };
	}

}
