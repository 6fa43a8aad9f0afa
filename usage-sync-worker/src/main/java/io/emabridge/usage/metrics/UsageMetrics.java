package io.emabridge.usage.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.emabridge.support.metrics.ArchiveCallTimer;

/**
 * Every meter of the worker, declared here and nowhere else, with bounded tags only.
 * Counters whose tag values are known up front are registered at start so that dashboards
 * see zeros rather than missing series.
 */
public class UsageMetrics {

	private final MeterRegistry registry;

	private final Counter tenantsCollected;

	private final Counter snapshotsChanged;

	private final Counter snapshotsResent;

	private final Counter snapshotsUnchanged;

	private final Map<RunOutcome, Counter> runs = new EnumMap<>(RunOutcome.class);

	private final Timer runDuration;

	private final Map<WriteOutcome, Counter> writes = new EnumMap<>(WriteOutcome.class);

	private final Map<String, Counter> tenantStates = new java.util.HashMap<>();

	private final ArchiveCallTimer archiveCalls;

	/** Per account and outcome; accounts come from the configuration, so bounded. */
	private final Map<String, Counter> accountRuns = new ConcurrentHashMap<>();

	public UsageMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.archiveCalls = new ArchiveCallTimer(registry);
		this.tenantsCollected = Counter.builder("ema.usage.tenants.collected")
			.description("Tenants whose usage a collection run read")
			.register(registry);
		this.snapshotsChanged = snapshots("changed");
		this.snapshotsResent = snapshots("resent");
		this.snapshotsUnchanged = snapshots("unchanged");
		for (RunOutcome outcome : RunOutcome.values()) {
			this.runs.put(outcome,
					Counter.builder("ema.usage.collections")
						.description("Collection runs by outcome (skipped = another run held the collector lock,"
								+ " abandoned = another instance took over while it ran)")
						.tag("outcome", outcome.tag())
						.register(registry));
		}
		this.runDuration = Timer.builder("ema.usage.collection.duration")
			.description("How long a collection run took, successful or not")
			.register(registry);
		for (WriteOutcome outcome : WriteOutcome.values()) {
			this.writes.put(outcome,
					Counter.builder("ema.usage.whmcs.writes")
						.description("Usage snapshots consumed by the writer, by what became of them")
						.tag("outcome", outcome.tag())
						.register(registry));
		}
		for (String outcome : new String[] { "applied", "stale", "invalid" }) {
			this.tenantStates.put(outcome,
					Counter.builder("ema.usage.tenant.states")
						.description("Tenant state records materialised, by outcome")
						.tag("outcome", outcome)
						.register(registry));
		}
	}

	public void pageDone(int tenants, int changed, int resent, int unchanged) {
		this.tenantsCollected.increment(tenants);
		this.snapshotsChanged.increment(changed);
		this.snapshotsResent.increment(resent);
		this.snapshotsUnchanged.increment(unchanged);
	}

	public void run(RunOutcome outcome, long nanos) {
		this.runs.get(outcome).increment();
		if (outcome != RunOutcome.SKIPPED) {
			this.runDuration.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	public void write(WriteOutcome outcome) {
		this.writes.get(outcome).increment();
	}

	public void tenantState(String outcome) {
		this.tenantStates.get(outcome).increment();
	}

	/**
	 * When the last collection run succeeded, as Unix seconds (0 before the first): the
	 * staleness alert's input.
	 */
	public void lastSuccess(Supplier<Number> epochSeconds) {
		Gauge.builder("ema.usage.last.success.timestamp.seconds", epochSeconds)
			.description("When the last collection run succeeded, in Unix seconds (0 = never)")
			.register(this.registry);
	}

	/**
	 * One reseller account of the archive: when its part of a run last succeeded, and its
	 * outcome counters at zero.
	 * @param account {@code default} or the id of its WHMCS server
	 * @param key a fingerprint of its API key, never the key
	 */
	public void accountLastSuccess(String account, String key, Supplier<Number> epochSeconds) {
		Gauge.builder("ema.usage.account.last.success.timestamp.seconds", epochSeconds)
			.description("When a run last collected every tenant of this archive account, in Unix seconds (0 = never)")
			.tag("account", account)
			.tag("key", key)
			.register(this.registry);
		accountCounter(account, key, true);
		accountCounter(account, key, false);
	}

	/** One account's part of a run ended. */
	public void accountCollected(String account, String key, boolean succeeded) {
		accountCounter(account, key, succeeded).increment();
	}

	private Counter accountCounter(String account, String key, boolean succeeded) {
		String outcome = succeeded ? "succeeded" : "failed";
		return this.accountRuns.computeIfAbsent(account + ' ' + key + ' ' + outcome,
				(name) -> Counter.builder("ema.usage.account.collections")
					.description("Each archive account's part of the collection runs, by outcome (failed = the"
							+ " archive refused the account's key or did not answer; the other accounts went on)")
					.tag("account", account)
					.tag("key", key)
					.tag("outcome", outcome)
					.register(this.registry));
	}

	/** Tenants with usage that no WHMCS service is known for, right now. */
	public void unknownTenants(Supplier<Number> count) {
		Gauge.builder("ema.usage.unknown.tenants", count)
			.description("Tenants with usage that no WHMCS service is known for")
			.register(this.registry);
	}

	/** Times archive API calls, as every service does. */
	public ArchiveCallTimer archiveCalls() {
		return this.archiveCalls;
	}

	/**
	 * Times one WHMCS API call.
	 * @param status the HTTP status, {@code error} for a {@code "result":"error"} answer,
	 * {@code none} when no answer
	 */
	public void whmcsRequest(String operation, String status, long nanos) {
		timer("ema.whmcs.request",
				"Calls to the WHMCS API, by action and status (error = result error, none = no answer)", operation,
				status)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer timer(String name, String description, String operation, String status) {
		return Timer.builder(name)
			.description(description)
			.tag("operation", operation)
			.tag("status", status)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry);
	}

	private Counter snapshots(String result) {
		return Counter.builder("ema.usage.snapshots")
			.description("Tenant snapshots of collection runs: changed ones are published, resent ones (unchanged,"
					+ " but not in WHMCS) published again, unchanged ones skipped")
			.tag("result", result)
			.register(this.registry);
	}

	/** How a collection run ended. */
	public enum RunOutcome {

		/** Every page recorded, and the run marked succeeded. */
		SUCCEEDED,
		/**
		 * The run stopped on an error (the archive, Kafka, the database, a lost lock).
		 */
		FAILED,
		/** Another run held the collector lock: nothing done. */
		SKIPPED,
		/**
		 * Another instance marked the run abandoned while it ran (this one had lost the
		 * lock): neither counted as a success nor marked failed.
		 */
		ABANDONED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** What became of one consumed snapshot. */
	public enum WriteOutcome {

		/** Written into WHMCS. */
		WRITTEN,
		/** WHMCS already had these figures: nothing sent. */
		UNCHANGED,
		/** No WHMCS service is known for the tenant: kept and reported. */
		UNKNOWN_TENANT,
		/** A transient failure: retried after a back-off. */
		RETRIED,
		/** Sent to the dead-letter topic. */
		DEAD_LETTERED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
