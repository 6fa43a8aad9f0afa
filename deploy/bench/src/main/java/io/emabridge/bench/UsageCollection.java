package io.emabridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * Usage collection by the usage-sync worker (its own JVM, from the jar, collect-only)
 * over 100,000 tenants on 1,000 pages of a zero-latency archive sandbox: a first cycle
 * where everything is new, and a second where 1% changed. The baseline reads the same
 * pages one after another with the same API client and does nothing else; the naive sync
 * would then write every tenant to WHMCS, where the worker writes only the changed ones.
 */
final class UsageCollection implements Benchmark {

	private static final String ADMIN_TOKEN = "bench-admin-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@Override
	public String name() {
		return "usage";
	}

	@Override
	public String title() {
		return "5b. Usage collection";
	}

	@Override
	public void run(Context context) throws Exception {
		if (!context.hasJar("usage-sync-worker")) {
			context.results.missing(title(), "no executable jar of usage-sync-worker");
			return;
		}
		int tenants = context.size(100_000, 2_000);
		int changed = tenants / 100;
		try (ArchiveSandbox archive = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withApiKeys(Context.ARCHIVE_API_KEY).withPaging(100, 1000));
				WhmcsSandbox whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withCredentials(Context.WHMCS_IDENTIFIER, Context.WHMCS_SECRET))) {
			archive.generateTenants(Context.ARCHIVE_API_KEY, tenants, "u");
			List<Double> first = new ArrayList<>();
			List<Double> second = new ArrayList<>();
			List<Double> secondChanged = new ArrayList<>();
			int pages = 0;
			int firstReps = context.quick ? 1 : Math.max(1, context.reps / 3);
			for (int rep = 0; rep < firstReps; rep++) {
				String topic = context.infra.name("bench-usage");
				List<String> properties = List.of(
						"--spring.kafka.bootstrap-servers=" + context.infra.bootstrapServers(),
						"--spring.datasource.url=" + context.infra.newDatabase(),
						"--spring.datasource.username=postgres", "--spring.datasource.password=",
						"--ema.usage.topic=" + topic, "--ema.usage.dlt-topic=" + topic + "-dlt",
						"--ema.usage.tenant-state-topic=" + topic + "-state", "--ema.admin.token=" + ADMIN_TOKEN,
						"--ema.archive.base-url=" + archive.baseUrl(),
						"--ema.archive.api-key=" + Context.ARCHIVE_API_KEY, "--ema.whmcs.url=" + whmcs.baseUrl(),
						"--ema.whmcs.identifier=" + Context.WHMCS_IDENTIFIER,
						"--ema.whmcs.secret=" + Context.WHMCS_SECRET,
						"--ema.usage.api.secrets=" + Context.GATEWAY_SECRET, "--logging.level.root=WARN",
						// the collector itself, not its part of a quota (10 reads/s by
						// default)
						"--ema.archive.rate-limit.requests-per-second=0");
				try (ServiceJvm worker = ServiceJvm.start("usage-sync-worker", context.jar("usage-sync-worker"),
						context.serviceJvm, with(properties, "--ema.usage.writer.auto-startup=false"), context.logs(),
						context.footprints)) {
					context.log("usage: first cycle over %,d tenants, run %d of %d", tenants, rep + 1, firstReps);
					CpuProfile profile = CpuProfile.start(Map.of("usage worker JVM", worker.pid(),
							"harness JVM (broker, sandboxes)", ProcessHandle.current().pid()));
					double[] firstRun = collect(worker, tenants);
					first.add(firstRun[0]);
					pages = (int) firstRun[2];
					profile.stop(6)
						.forEach((line) -> context.results.note(title(), "CPU during the first cycle: " + line));
					context.log("usage: a writer takes the first cycle's snapshots");
					awaitWriter(context, properties, tenants);
					for (int i = 1; i <= changed; i++) {
						int n = i * 100;
						archive.setUsage(
								String.format(Locale.ROOT, "u-%0" + Integer.toString(tenants).length() + "d", n),
								500 + n % 7, 2_147_483_648L + n, 100 * n + 1);
					}
					context.log("usage: second cycle, %,d tenants changed", changed);
					double[] run = collect(worker, tenants);
					second.add(run[0]);
					secondChanged.add(run[1]);
					context.results.loadAverage(Machine.loadAverage());
				}
			}
			List<Double> plain = new ArrayList<>();
			ArchiveApiClient client = new ArchiveApiClient(
					ArchiveApiSettings.of(archive.baseUrl(), Context.ARCHIVE_API_KEY));
			readAll(client);
			for (int rep = 0; rep < context.reps; rep++) {
				context.log("usage: plain read of every page, run %d of %d", rep + 1, context.reps);
				plain.add(readAll(client));
			}
			String baseline = "plain sequential read of every page, same client, nothing else";
			String size = String.format(Locale.ROOT, "%,d tenants on %,d pages, API at 0 ms", tenants, pages);
			context.results.add(Figure
				.compared(title(), "first cycle (all new), collected and published, " + size, "s", Stats.of(first),
						Stats.of(plain), baseline, false)
				.withTarget("<= 60 s" + ((Stats.of(first).median() <= 60) ? ": met" : ": NOT met")));
			context.results.add(Figure.compared(title(), "second cycle (1% changed), collected and published", "s",
					Stats.of(second), Stats.of(plain), baseline, false));
			context.results.add(Figure.compared(title(), "second cycle: tenants published to write to WHMCS", "tenants",
					Stats.of(secondChanged), Stats.of((double) tenants), "naive sync: every tenant, every cycle", false)
				.withTarget("only the changed 1%"
						+ ((Stats.of(secondChanged).median() <= changed) ? ": met" : ": NOT met")));
			context.results.note(title(), "times are the worker's own run times (collection_run started to "
					+ "finished), each page compared with the last snapshots, published to Kafka (acks=all) and "
					+ "recorded in PostgreSQL; the WHMCS writer is not running during the cycles (collect-only "
					+ "instance); between them a writer-only instance takes the first cycle's snapshots (without "
					+ "tenant states it keeps them for services yet unknown), so the second cycle publishes only what "
					+ "changed, not figures the writer never saw; the collector reads without its rate limit "
					+ "(ema.archive.rate-limit.requests-per-second=0): at its default 10 reads/s 1,000 pages take "
					+ "100 s");
		}
	}

	/**
	 * Runs a writer-only instance until it has taken every tenant's snapshot. A snapshot
	 * counts as delivered only once the writer took it (written into WHMCS, or kept for a
	 * service yet unknown): without this, the second cycle would publish again every
	 * tenant.
	 */
	private void awaitWriter(Context context, List<String> properties, int tenants) throws Exception {
		try (ServiceJvm writer = ServiceJvm.start("usage-sync-worker", context.jar("usage-sync-worker"),
				context.serviceJvm, with(properties, "--ema.usage.collector.enabled=false"), context.logs(),
				context.footprints)) {
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
			while (System.nanoTime() < deadline) {
				String body = this.http
					.send(HttpRequest.newBuilder(URI.create(writer.url() + "/admin/usage/unknown-tenants"))
						.header("Authorization", "Bearer " + ADMIN_TOKEN)
						.build(), HttpResponse.BodyHandlers.ofString())
					.body();
				if (JSON.readTree(body).get("count").asInt() >= tenants) {
					return;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
			}
			throw new IllegalStateException("the writer did not take every snapshot within 10 minutes");
		}
	}

	private static List<String> with(List<String> properties, String more) {
		List<String> all = new ArrayList<>(properties);
		all.add(more);
		return all;
	}

	/**
	 * Triggers a run and waits for it: its seconds, the tenants it published (changed, or
	 * not delivered before) and its pages.
	 */
	private double[] collect(ServiceJvm worker, int tenants) throws Exception {
		HttpResponse<String> started = this.http
			.send(HttpRequest.newBuilder(URI.create(worker.url() + "/admin/usage/collect"))
				.header("Authorization", "Bearer " + ADMIN_TOKEN)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		if (started.statusCode() != 202) {
			throw new IllegalStateException(
					"collection not started: HTTP " + started.statusCode() + " " + started.body());
		}
		long runId = JSON.readTree(started.body()).get("runId").asLong();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (System.nanoTime() < deadline) {
			String body = this.http
				.send(HttpRequest.newBuilder(URI.create(worker.url() + "/admin/usage/runs"))
					.header("Authorization", "Bearer " + ADMIN_TOKEN)
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			for (JsonNode run : JSON.readTree(body).get("runs")) {
				if (run.get("id").asLong() == runId && !run.get("status").asString().equals("running")) {
					if (!run.get("status").asString().equals("succeeded") || run.get("tenants").asInt() != tenants) {
						throw new IllegalStateException("collection run ended " + run);
					}
					double seconds = Duration
						.between(Instant.parse(run.get("startedAt").asString()),
								Instant.parse(run.get("finishedAt").asString()))
						.toNanos() / 1e9;
					return new double[] { seconds, run.get("changed").asDouble() + run.get("resent").asDouble(),
							run.get("pages").asDouble() };
				}
			}
			// the worker has no completion callback: poll its runs
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
		}
		throw new IllegalStateException("collection run " + runId + " did not end within 5 minutes");
	}

	private static double readAll(ArchiveApiClient client) {
		long start = System.nanoTime();
		int page = 1;
		TenantPage current;
		do {
			current = client.listTenants(page++);
		}
		while (current.hasNext());
		return (System.nanoTime() - start) / 1e9;
	}

}
