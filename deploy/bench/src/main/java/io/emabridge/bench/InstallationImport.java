package io.emabridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.whmcs.ClientProductPage;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsService;

/**
 * Moving from the inline module: an installation of 100,000 WHMCS services whose Archive
 * slug fields name 100,000 tenants, imported by one {@code reconcile --fix} of a fresh
 * worker (its own JVM, from the jar), 1% of them with a suspend already recorded that
 * applies once the service is adopted; then a second run, which finds nothing to do. The
 * calls are counted in the sandboxes' request logs. The baseline reads the same pages one
 * after another with the same API clients and does nothing else; the call counts compare
 * with one lookup per service, which is what reading the views service by service would
 * cost.
 */
final class InstallationImport implements Benchmark {

	private static final String ADMIN_TOKEN = "bench-admin-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

	private static final int PER_PAGE = 100;

	private static final int WHMCS_PAGE = 250;

	private final HttpClient http = HttpClient.newHttpClient();

	@Override
	public String name() {
		return "import";
	}

	@Override
	public String title() {
		return "5c. Import of an inline module's installation";
	}

	@Override
	public void run(Context context) throws Exception {
		int services = context.size(100_000, 2_000);
		int suspended = services / 100;
		int width = Integer.toString(services).length();
		try (ArchiveSandbox archive = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withApiKeys(Context.ARCHIVE_API_KEY)
			.withPaging(PER_PAGE, 1000)
			.withRequestLogCapacity(services + 10_000));
				WhmcsSandbox whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withCredentials(Context.WHMCS_IDENTIFIER, Context.WHMCS_SECRET)
					.withServer(WhmcsSandboxOptions.defaults().server().withRequestLogCapacity(services + 10_000)))) {
			context.log("import: seeding %,d tenants and %,d WHMCS services", services, services);
			archive.generateTenants(Context.ARCHIVE_API_KEY, services, "imp");
			List<String> slugs = new ArrayList<>(services);
			for (int n = 1; n <= services; n++) {
				String slug = String.format(Locale.ROOT, "imp-%0" + width + "d", n);
				slugs.add(slug);
				// one in a hundred suspended in WHMCS, its suspend sent before the import
				whmcs.putService(WhmcsService.of(n, n)
					.withCustomField(WhmcsProduct.SLUG_FIELD_ID, slug)
					.withStatus((n % 100 == 0) ? "Suspended" : "Active"));
			}
			List<Double> first = new ArrayList<>();
			List<Double> second = new ArrayList<>();
			List<Double> suspends = new ArrayList<>();
			List<Double> archiveCalls = new ArrayList<>();
			List<Double> whmcsCalls = new ArrayList<>();
			List<Double> secondCalls = new ArrayList<>();
			for (int rep = 0; rep < context.reps; rep++) {
				String topic = context.infra.createTopic("bench-import", 6);
				String database = context.infra.newDatabase();
				try (ServiceJvm worker = context.worker(topic, context.infra.name("bench-import"), database,
						archive.baseUrl(), whmcs.baseUrl(),
						List.of("--ema.admin.token=" + ADMIN_TOKEN, "--ema.reconcile.schedule=-"))) {
					context.log("import: %,d suspends recorded before the import, run %d of %d", suspended, rep + 1,
							context.reps);
					Instant sentAt = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MICROS);
					List<LifecycleEvent> events = new ArrayList<>(suspended);
					for (int n = 100; n <= services; n += 100) {
						events.add(new ServiceSuspended(UUID.randomUUID(), sentAt, n, (long) n, 1L, 1L, "Overdue"));
					}
					Workload.send(context.infra.bootstrapServers(), topic, events);
					awaitRecorded(database, suspended);

					archive.clearRequests();
					whmcs.clearRequests();
					context.log("import: reconcile --fix over %,d services, run %d of %d", services, rep + 1,
							context.reps);
					CpuProfile profile = CpuProfile.start(Map.of("worker JVM", worker.pid(),
							"harness JVM (broker, sandboxes)", ProcessHandle.current().pid()));
					long start = System.nanoTime();
					JsonNode report = reconcile(worker);
					long end = System.nanoTime();
					first.add((end - start) / 1e9);
					if (rep == 0) {
						profile.stop(6)
							.forEach((line) -> context.results.note(title(), "CPU during the first run: " + line));
					}
					int adopted = count(report.get("fixes"), "untracked_service", "applied");
					if (report.get("counts").get("untracked_service").asInt() != services || adopted != services) {
						throw new IllegalStateException("expected " + services + " untracked services adopted, got "
								+ report.get("counts") + " and " + adopted + " adopted");
					}
					archiveCalls.add((double) gets(archive.requests()));
					whmcsCalls.add((double) whmcs.requests().size());
					awaitSuspended(archive, slugs);
					suspends.add((System.nanoTime() - start) / 1e9);
					context.results.loadAverage(Machine.loadAverage());

					archive.clearRequests();
					whmcs.clearRequests();
					context.log("import: the second reconcile --fix, run %d of %d", rep + 1, context.reps);
					start = System.nanoTime();
					JsonNode again = reconcile(worker);
					second.add((System.nanoTime() - start) / 1e9);
					if (again.get("fixes").size() != 0 || again.get("drifts").size() != 0
							|| archive.requests().size() != gets(archive.requests())) {
						throw new IllegalStateException("the second run was not clean: " + again.get("counts") + ", "
								+ again.get("fixes").size() + " fixes");
					}
					secondCalls.add((double) (archive.requests().size() + whmcs.requests().size()));
				}
				for (int n = 100; n <= services; n += 100) {
					archive.setStatus(slugs.get(n - 1), TenantStatus.ACTIVE);
				}
			}
			List<Double> plain = new ArrayList<>();
			ArchiveApiClient archiveClient = new ArchiveApiClient(
					ArchiveApiSettings.of(archive.baseUrl(), Context.ARCHIVE_API_KEY));
			WhmcsApiClient whmcsClient = new WhmcsApiClient(
					WhmcsApiSettings.of(whmcs.baseUrl(), Context.WHMCS_IDENTIFIER, Context.WHMCS_SECRET)
						.withAccessKey(WhmcsSandboxOptions.DEFAULT_ACCESS_KEY));
			readAll(archiveClient, whmcsClient);
			for (int rep = 0; rep < context.reps; rep++) {
				context.log("import: plain read of every page, run %d of %d", rep + 1, context.reps);
				plain.add(readAll(archiveClient, whmcsClient));
			}
			String baseline = "plain sequential read of every page of both APIs, same clients, nothing else";
			String size = String.format(Locale.ROOT, "%,d services, %,d tenants on %,d pages, API at 0 ms", services,
					services, (services + PER_PAGE - 1) / PER_PAGE);
			context.results.add(Figure.compared(title(), "reconcile --fix adopting every service, " + size, "s",
					Stats.of(first), Stats.of(plain), baseline, false));
			String perService = "one lookup per service";
			context.results.add(Figure.compared(title(), "archive calls of that run", "calls", Stats.of(archiveCalls),
					Stats.of((double) services), perService, false));
			context.results.add(Figure.compared(title(), "WHMCS calls of that run", "calls", Stats.of(whmcsCalls),
					Stats.of((double) services), perService, false));
			context.results.add(Figure.alone(title(), String.format(Locale.ROOT,
					"%,d suspends recorded before the import: all applied, from the run's" + " start", suspended), "s",
					Stats.of(suspends)));
			context.results.add(Figure.compared(title(), "second reconcile --fix (nothing left to do)", "s",
					Stats.of(second), Stats.of(plain), baseline, false));
			context.results
				.add(Figure.alone(title(), "calls of the second run, both APIs", "calls", Stats.of(secondCalls)));
			context.results.note(title(), String.format(Locale.ROOT, "one worker (-Xmx256m), a fresh ledger per run;"
					+ " the run's time is the admin endpoint's answer, report included (%,d drifts and %,d fixes in"
					+ " JSON); WHMCS pages of %d services, archive pages of %d tenants; the archive calls count only"
					+ " the run's reads (the suspends the applier makes meanwhile are not counted); the WHMCS sandbox"
					+ " sorts its %,d services for every page, which a real WHMCS does with an index", services,
					services, WHMCS_PAGE, PER_PAGE, services));
		}
	}

	/** Runs {@code POST /admin/reconcile?fix=true} and returns its report. */
	private JsonNode reconcile(ServiceJvm worker) throws Exception {
		HttpResponse<String> answer = this.http
			.send(HttpRequest.newBuilder(URI.create(worker.url() + "/admin/reconcile?fix=true"))
				.header("Authorization", "Bearer " + ADMIN_TOKEN)
				.timeout(RUN_TIMEOUT)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() != 200) {
			throw new IllegalStateException("reconcile answered HTTP " + answer.statusCode() + ": "
					+ answer.body().substring(0, Math.min(500, answer.body().length())));
		}
		return JSON.readTree(answer.body());
	}

	private static int count(JsonNode fixes, String kind, String result) {
		int count = 0;
		for (JsonNode fix : fixes) {
			if (fix.get("kind").asString().equals(kind) && fix.get("result").asString().equals(result)) {
				count++;
			}
		}
		return count;
	}

	private static long gets(List<RecordedRequest> requests) {
		return requests.stream().filter((request) -> request.method().equals("GET")).count();
	}

	/** Waits until the worker has recorded the suspends in its ledger. */
	private static void awaitRecorded(String jdbcUrl, int events) throws SQLException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				Statement statement = connection.createStatement()) {
			while (System.nanoTime() < deadline) {
				// the worker creates its tables at start; the harness has no callback
				// for a record: poll the ledger
				try (ResultSet rs = statement
					.executeQuery("select count(*) from service where desired_status = 'suspended'")) {
					rs.next();
					if (rs.getLong(1) >= events) {
						return;
					}
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
		}
		throw new IllegalStateException("the worker did not record " + events + " suspends within 2 minutes");
	}

	/** Waits until every hundredth tenant is suspended. */
	private static void awaitSuspended(ArchiveSandbox archive, List<String> slugs) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		int next = 100;
		while (System.nanoTime() < deadline) {
			while (next <= slugs.size() && archive.tenant(slugs.get(next - 1))
				.map((tenant) -> tenant.status() == TenantStatus.SUSPENDED)
				.orElse(false)) {
				next += 100;
			}
			if (next > slugs.size()) {
				return;
			}
			// the sandbox has no completion callback: poll it
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
		throw new IllegalStateException("the recorded suspends were not applied within 5 minutes of the import");
	}

	private static double readAll(ArchiveApiClient archive, WhmcsApiClient whmcs) {
		long start = System.nanoTime();
		int page = 1;
		TenantPage tenants;
		do {
			tenants = archive.listTenants(page++);
		}
		while (tenants.hasNext());
		int from = 0;
		ClientProductPage products;
		do {
			products = whmcs.listClientsProducts(null, from, WHMCS_PAGE);
			from = products.nextStart();
		}
		while (products.hasNext());
		return (System.nanoTime() - start) / 1e9;
	}

}
