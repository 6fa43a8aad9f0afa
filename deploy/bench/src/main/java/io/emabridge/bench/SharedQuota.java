package io.emabridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * One archive quota for all instances: 1, 2 and 3 provisioning workers (one consumer
 * group, one ledger) on one API key, each configured at the quota's rate with the rate
 * shared, against an archive sandbox that answers 429 above that quota; beside three
 * instances that each take the whole rate for themselves. What is counted is what the
 * sandbox saw: its request log, with the time and status of every call.
 */
final class SharedQuota implements Benchmark {

	/**
	 * The archive's hard quota per key and second, and every worker's configured rate.
	 */
	private static final int QUOTA = 50;

	private static final int PARTITIONS = 6;

	private static final Duration FIRST_MINUTE = Duration.ofMinutes(1);

	/** The part of a run left out of its throughput: the first parts settling. */
	private static final Duration RAMP_UP = Duration.ofSeconds(10);

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private static final Duration LONG_WAIT = Duration.ofMinutes(6);

	@Override
	public String name() {
		return "quota";
	}

	@Override
	public String title() {
		return "3b. One archive quota for all instances";
	}

	@Override
	public void run(Context context) throws Exception {
		// create + suspend: two archive calls per service, about 110 s of calls at 50/s
		int services = context.size(2_700, 60);
		try (ArchiveSandbox archive = ArchiveSandbox.start(
				ArchiveSandboxOptions.defaults().withApiKeys(Context.ARCHIVE_API_KEY).withRequestLogCapacity(500_000));
				WhmcsSandbox whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withCredentials(Context.WHMCS_IDENTIFIER, Context.WHMCS_SECRET)
					.withAutoCreateServices(true))) {
			archive.quota(QUOTA);
			List<Run> shared = new ArrayList<>();
			List<ServiceJvm> workers = new ArrayList<>();
			String topic = context.infra.createTopic("bench-quota", PARTITIONS);
			String group = context.infra.name("bench-quota-workers");
			String database = context.infra.newDatabase();
			try {
				for (int instances = 1; instances <= 3; instances++) {
					// a new instance joins the group (and the share) between two runs
					workers.add(context.worker(topic, group, database, archive.baseUrl(), whmcs.baseUrl(), QUOTA,
							List.of("--ema.archive.rate-limit.shared=true")));
					context.log("quota: %d instance(s) sharing %d/s, %d services, quota %d/s", instances, QUOTA,
							services, QUOTA);
					shared.add(measure(context, archive, topic, services, workers));
				}
			}
			finally {
				workers.forEach(ServiceJvm::close);
				workers.clear();
			}
			Run alone;
			String aloneTopic = context.infra.createTopic("bench-quota-alone", PARTITIONS);
			String aloneGroup = context.infra.name("bench-quota-alone");
			String aloneDatabase = context.infra.newDatabase();
			try {
				for (int i = 0; i < 3; i++) {
					workers.add(context.worker(aloneTopic, aloneGroup, aloneDatabase, archive.baseUrl(),
							whmcs.baseUrl(), QUOTA, List.of("--ema.archive.rate-limit.shared=false")));
				}
				context.log("quota: baseline, 3 instances at %d/s each (not shared), %d services, quota %d/s", QUOTA,
						services, QUOTA);
				alone = measure(context, archive, aloneTopic, services, workers);
			}
			finally {
				workers.forEach(ServiceJvm::close);
			}
			report(context, shared, alone, services);
		}
	}

	private void report(Context context, List<Run> shared, Run alone, int services) {
		String baseline = "3 instances at 50/s each, not shared (ema.archive.rate-limit.shared=false)";
		for (int i = 0; i < shared.size(); i++) {
			int instances = i + 1;
			Run run = shared.get(i);
			String who = instances + ((instances == 1) ? " instance" : " instances") + " sharing 50/s, quota 50/s";
			Figure throughput = (instances == 3)
					? Figure.compared(title(), "archive calls/s (not 429), " + who, "calls/s", run.throughput(),
							alone.throughput(), baseline, true)
					: Figure.alone(title(), "archive calls/s (not 429), " + who, "calls/s", run.throughput());
			context.results.add(throughput);
			Stats perMinute = Stats.of(run.rejectedPerMinute());
			Figure rejected = (instances == 3)
					? Figure.compared(title(), "429s per minute after the first minute, " + who, "429s/min", perMinute,
							Stats.of(alone.rejectedPerMinute()), baseline, false)
					: Figure.alone(title(), "429s per minute after the first minute, " + who, "429s/min", perMinute);
			context.results.add(rejected.withTarget("none" + ((run.rejectedPerMinute() == 0) ? ": met" : ": NOT met")));
			Stats total = Stats.of((double) run.rejected());
			context.results.add((instances == 3)
					? Figure.compared(title(), "429s in all, " + who, "429s", total,
							Stats.of((double) alone.rejected()), baseline, false)
					: Figure.alone(title(), "429s in all, " + who, "429s", total));
		}
		context.results.note(title(),
				String.format(Locale.ROOT, "workload: %d services per run, each created and suspended (2 archive "
						+ "calls), %d partitions; archive sandbox with a hard quota of %d requests per key and "
						+ "second of the clock (429 with Retry-After: 1 above it), no latency; every worker at "
						+ "ema.archive.rate-limit.requests-per-second=%d; one run per configuration, the instances "
						+ "of the shared runs joining one by one between runs", services, PARTITIONS, QUOTA, QUOTA));
		context.results.note(title(),
				"calls/s: median (min-max) of the 10-second windows of a run from its 10th second to its last "
						+ "call, counted from the sandbox's request log; 429s per minute: those after the run's first "
						+ "minute, over the rest of the run");
		for (int i = 0; i < shared.size(); i++) {
			context.results.note(title(), (i + 1) + " shared: " + shared.get(i).describe());
		}
		context.results.note(title(), "3 not shared (baseline): " + alone.describe());
	}

	/**
	 * Sends a batch, waits until the archive shows it applied, and reads the sandbox's
	 * log of that run.
	 */
	private static Run measure(Context context, ArchiveSandbox archive, String topic, int services,
			List<ServiceJvm> workers) {
		archive.clearRequests();
		Workload.Batch batch = Workload.services(services, false);
		long start = System.nanoTime();
		Workload.send(context.infra.bootstrapServers(), topic, batch.events());
		Map<String, TenantStatus> pending = new HashMap<>();
		batch.active().forEach((slug) -> pending.put(slug, TenantStatus.ACTIVE));
		batch.suspended().forEach((slug) -> pending.put(slug, TenantStatus.SUSPENDED));
		List<Double> parts = List.of();
		while (!pending.isEmpty()) {
			long elapsed = System.nanoTime() - start;
			if (elapsed > LONG_WAIT.toNanos()) {
				throw new IllegalStateException(
						pending.size() + " services of the batch were not applied within " + LONG_WAIT);
			}
			if (parts.isEmpty() && elapsed > FIRST_MINUTE.toNanos()) {
				// each instance's rate now, after the share and the 429 back-off
				parts = workers.stream()
					.map((worker) -> Prometheus.sum(Prometheus.scrape(worker), "ema_archive_rate_limit"))
					.toList();
			}
			pending.entrySet()
				.removeIf((entry) -> archive.tenant(entry.getKey())
					.map((tenant) -> tenant.status() == entry.getValue())
					.orElse(false));
			// the sandbox has no completion callback: poll it, coarsely, since the
			// figures come from its request log and not from this loop's timing
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
		}
		context.results.loadAverage(Machine.loadAverage());
		Run run = Run.of(archive.requests(), services, parts);
		context.log("quota: %s", run.describe());
		return run;
	}

	/**
	 * What the archive saw in one run.
	 *
	 * @param services services in the batch
	 * @param seconds from the first call to the last
	 * @param calls calls answered with anything but a 429
	 * @param rejected calls answered 429
	 * @param windows calls (not 429) per second in each whole 10-second window after the
	 * ramp-up
	 * @param rejectedPerMinute 429s per minute after the first minute
	 * @param parts each instance's allowed rate a minute into the run
	 * @param busiestSecond most calls sent (429s included) in one second of the clock, as
	 * the archive counts its quota
	 * @param secondsWith429 seconds of the clock with at least one 429
	 */
	record Run(int services, double seconds, int calls, int rejected, List<Double> windows, double rejectedPerMinute,
			List<Double> parts, int busiestSecond, int secondsWith429) {

		static Run of(List<RecordedRequest> requests, int services, List<Double> parts) {
			if (requests.isEmpty()) {
				throw new IllegalStateException("the archive sandbox saw no call");
			}
			Instant first = requests.stream().map(RecordedRequest::time).min(Instant::compareTo).orElseThrow();
			Instant last = requests.stream().map(RecordedRequest::time).max(Instant::compareTo).orElseThrow();
			double seconds = Duration.between(first, last).toNanos() / 1e9;
			int calls = 0;
			int rejected = 0;
			int lateRejected = 0;
			// a short run (--quick) has no minute to leave out: its second half is
			// counted
			Instant late = (seconds > FIRST_MINUTE.toSeconds() + WINDOW.toSeconds()) ? first.plus(FIRST_MINUTE)
					: first.plusNanos((long) (seconds / 2 * 1e9));
			Instant steady = (seconds > RAMP_UP.toSeconds() + WINDOW.toSeconds()) ? first.plus(RAMP_UP) : first;
			int windowCount = (int) Math.max(1, Duration.between(steady, last).toNanos() / WINDOW.toNanos());
			long windowNanos = (Duration.between(steady, last).compareTo(WINDOW) >= 0) ? WINDOW.toNanos()
					: Math.max(1, Duration.between(steady, last).toNanos());
			int[] perWindow = new int[windowCount];
			Map<Long, Integer> perSecond = new HashMap<>();
			Set<Long> rejectingSeconds = new HashSet<>();
			for (RecordedRequest request : requests) {
				perSecond.merge(request.time().getEpochSecond(), 1, Integer::sum);
				if (request.status() == 429) {
					rejectingSeconds.add(request.time().getEpochSecond());
					rejected++;
					if (!request.time().isBefore(late)) {
						lateRejected++;
					}
					continue;
				}
				calls++;
				long offset = Duration.between(steady, request.time()).toNanos();
				if (offset >= 0 && offset / windowNanos < windowCount) {
					perWindow[(int) (offset / windowNanos)]++;
				}
			}
			List<Double> windows = new ArrayList<>();
			for (int count : perWindow) {
				windows.add(count / (windowNanos / 1e9));
			}
			double lateMinutes = Duration.between(late, last).toNanos() / 60e9;
			double perMinute = (lateMinutes > 0) ? lateRejected / lateMinutes : 0;
			int busiest = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
			return new Run(services, seconds, calls, rejected, windows, perMinute, parts, busiest,
					rejectingSeconds.size());
		}

		Stats throughput() {
			return Stats.of(this.windows);
		}

		String describe() {
			String partsText = this.parts.isEmpty() ? "not read (run shorter than a minute)"
					: this.parts.stream()
						.map((part) -> String.format(Locale.ROOT, "%.0f", part))
						.collect(Collectors.joining(" + ")) + "/s";
			return String.format(Locale.ROOT,
					"%d services, %d calls answered and %d 429s in %.0f s (%.2f calls per service; over the "
							+ "whole run %.1f calls/s answered, %.1f/s sent); 429s per minute after the first minute "
							+ "%.1f; each instance's allowed rate a minute in: %s; most calls sent in one second of "
							+ "the clock: %d; seconds with a 429: %d",
					this.services, this.calls, this.rejected, this.seconds, (double) this.calls / this.services,
					this.calls / Math.max(this.seconds, 1e-9),
					(this.calls + this.rejected) / Math.max(this.seconds, 1e-9), this.rejectedPerMinute, partsText,
					this.busiestSecond, this.secondsWith429);
		}

	}

}
