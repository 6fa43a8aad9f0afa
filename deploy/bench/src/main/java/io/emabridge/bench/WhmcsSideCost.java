package io.emabridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;

/**
 * The headline: what a mass suspension costs WHMCS's cron, which calls the module once
 * per service, one call after another. Ours publishes each suspension to the real gateway
 * (Kafka acknowledged) and returns; the baseline is the synchronous design, which
 * suspends the tenant through the archive API inside the call. The archive answers in 200
 * ms, as a remote API with real work behind it does.
 */
final class WhmcsSideCost implements Benchmark {

	private static final int LATENCY_MS = 200;

	@Override
	public String name() {
		return "whmcs";
	}

	@Override
	public String title() {
		return "1. WHMCS-side cost of a mass suspension";
	}

	@Override
	public void run(Context context) throws Exception {
		if (!Php.available()) {
			context.results.missing(title(), "no PHP command line with curl on this machine");
			return;
		}
		int services = context.size(1_000, 40);
		int inlineReps = context.quick ? 1 : Math.max(1, context.reps / 3);
		Php php = new Php(context.checkout);
		String topic = context.infra.createTopic("bench-whmcs", 6);
		try (ArchiveSandbox archive = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withApiKeys(Context.ARCHIVE_API_KEY)
			.withFaults(Faults.none().withLatencyMs(LATENCY_MS))); ServiceJvm gateway = context.gateway(topic)) {
			long nextService = 1_000_001;
			// warm-up of both paths: the gateway's JIT, PHP's opcode cache is off on the
			// command line either way
			php.run("suspend-module", 200, gateway.url(), archive.baseUrl(), nextService, 0);
			nextService += 200;
			archive.generateTenants(Context.ARCHIVE_API_KEY, 5, "bench", (int) nextService);
			php.run("suspend-inline", 5, gateway.url(), archive.baseUrl(), nextService, 0);
			nextService += 5;

			List<Double> ours = new ArrayList<>();
			List<Double> oursP50 = new ArrayList<>();
			List<Double> oursP99 = new ArrayList<>();
			double phpCpu = 0;
			String before = Prometheus.scrape(gateway);
			CpuProfile profile = CpuProfile.start(Map.of("gateway JVM", gateway.pid(), "harness JVM (broker, sandbox)",
					ProcessHandle.current().pid()));
			for (int rep = 0; rep < context.reps; rep++) {
				context.log("whmcs: %d suspensions through the module, run %d of %d", services, rep + 1, context.reps);
				JsonNode result = php.run("suspend-module", services, gateway.url(), archive.baseUrl(), nextService, 0);
				nextService += services;
				ours.add(result.get("seconds").asDouble());
				oursP50.add(result.get("p50Ms").asDouble());
				oursP99.add(result.get("p99Ms").asDouble());
				phpCpu += result.get("cpuSeconds").asDouble();
				context.results.loadAverage(Machine.loadAverage());
			}
			String after = Prometheus.scrape(gateway);
			List<String> cpu = profile.stop(5);
			List<Double> inline = new ArrayList<>();
			List<Double> inlineP50 = new ArrayList<>();
			List<Double> inlineP99 = new ArrayList<>();
			for (int rep = 0; rep < inlineReps; rep++) {
				context.log("whmcs: %d suspensions applied inline (about %d s), run %d of %d", services,
						services * LATENCY_MS / 1000, rep + 1, inlineReps);
				archive.generateTenants(Context.ARCHIVE_API_KEY, services, "bench", (int) nextService);
				JsonNode result = php.run("suspend-inline", services, gateway.url(), archive.baseUrl(), nextService, 0);
				nextService += services;
				inline.add(result.get("seconds").asDouble());
				inlineP50.add(result.get("p50Ms").asDouble());
				inlineP99.add(result.get("p99Ms").asDouble());
				context.results.loadAverage(Machine.loadAverage());
			}
			String baseline = "synchronous module: suspends through the archive API inside the call";
			String size = String.format(Locale.ROOT, "%,d suspensions, one after another, API at %d ms", services,
					LATENCY_MS);
			context.results.add(Figure
				.compared(title(), "cron run time, " + size, "s", Stats.of(ours), Stats.of(inline), baseline, false)
				.withTarget(">= 20x", 20));
			context.results.add(Figure.compared(title(), "one module call, p50", "ms", Stats.of(oursP50),
					Stats.of(inlineP50), baseline, false));
			context.results.add(Figure.compared(title(), "one module call, p99", "ms", Stats.of(oursP99),
					Stats.of(inlineP99), baseline, false));
			context.results.note(title(), String.format(Locale.ROOT, "ours: a PHP process calls "
					+ "easymailarchive_SuspendAccount %d times (new curl handle per call, signed POST to the gateway, "
					+ "answer after Kafka's acks=all acknowledgement, outcome written to the SQLite stand-in of WHMCS's "
					+ "database); the synchronous module ran %d time(s), its time is %d x the API latency plus HTTP",
					services, inlineReps, services));
			double calls = (double) services * context.reps;
			double server = delta(before, after, "http_server_requests_seconds_sum") * 1000 / calls;
			double ack = (Prometheus.sum(after, "ema_gateway_kafka_ack_seconds_sum")
					- Prometheus.sum(before, "ema_gateway_kafka_ack_seconds_sum")) * 1000 / calls;
			double total = Stats.of(ours).median() * 1000 / services;
			context.results.note(title(), String.format(Locale.ROOT, "one module call of ours, on average: %.2f ms "
					+ "in all = %.2f ms in the gateway (request received to answer sent; of which %.2f ms waiting "
					+ "for Kafka's acknowledgement) + %.2f ms of PHP CPU (module, signing, JSON, SQLite, curl) + "
					+ "%.2f ms other (connection set-up, loopback, scheduling on a shared machine)", total, server, ack,
					phpCpu * 1000 / calls, Math.max(0, total - server - phpCpu * 1000 / calls)));
			cpu.forEach((line) -> context.results.note(title(), "CPU during our runs: " + line));
		}
	}

	private static double delta(String before, String after, String name) {
		String uri = "uri=\"/api/whmcs/events\"";
		return Prometheus.sum(after, name, uri) - Prometheus.sum(before, name, uri);
	}

}
