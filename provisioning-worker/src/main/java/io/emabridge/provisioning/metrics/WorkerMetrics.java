package io.emabridge.provisioning.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every meter of the worker, declared here and nowhere else, with bounded tags only. Counters whose tag values are
 * known up front are registered at start so that dashboards see zeros rather than missing series.
 */
public class WorkerMetrics {

	/** Type tag of a record whose type cannot be read. */
	public static final String UNKNOWN_TYPE = "unknown";

	private static final String EVENTS = "ema.events";

	private static final String ARCHIVE_REQUEST = "ema.archive.request";

	private static final String WHMCS_REQUEST = "ema.whmcs.request";

	private final MeterRegistry registry;

	private final Map<String, Map<Outcome, Counter>> events = new HashMap<>();

	private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);

	private final Counter tenantsCreated;

	private final Counter tenantsAdopted;

	private final Counter slugAlternatives;

	private final Counter whmcsSynced;

	private final Counter whmcsFailed;

	private final Counter tenantStatePublished;

	private final Counter tenantStateFailed;

	public WorkerMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (EventType type : EventType.values()) {
			registerEvents(type.wireName());
		}
		registerEvents(UNKNOWN_TYPE);
		for (DeadLetterReason reason : DeadLetterReason.values()) {
			this.deadLetters.put(reason, Counter.builder("ema.dead.letters")
				.description("Events written to the dead-letter topic, by reason")
				.tag("reason", reason.value())
				.register(registry));
		}
		this.tenantsCreated = tenants("created");
		this.tenantsAdopted = tenants("adopted");
		this.slugAlternatives = Counter.builder("ema.slug.alternatives")
			.description("Slugs given up for the next alternative because the archive called them taken or invalid")
			.register(registry);
		this.whmcsSynced = whmcsWriteBacks("synced");
		this.whmcsFailed = whmcsWriteBacks("failed");
		this.tenantStatePublished = tenantState("published");
		this.tenantStateFailed = tenantState("failed");
	}

	/** What became of an event; a closed set so that the tag stays bounded. */
	public enum Outcome {

		/** The archive reached the state the event asked for (or a newer one). */
		APPLIED,
		/** The event id had been recorded before: delivered again, nothing to do. */
		DUPLICATE,
		/** An event older than the service's newest one: skipped. */
		STALE,
		/** Applying failed transiently and is scheduled again. */
		RETRIED,
		/** Written to the dead-letter topic. */
		DEAD_LETTERED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public void event(String type, Outcome outcome) {
		Map<Outcome, Counter> byOutcome = this.events.get(type);
		(byOutcome != null ? byOutcome : this.events.get(UNKNOWN_TYPE)).get(outcome).increment();
	}

	public void event(EventType type, Outcome outcome) {
		event(type.wireName(), outcome);
	}

	public void deadLetter(DeadLetterReason reason) {
		this.deadLetters.get(reason).increment();
	}

	public void tenantCreated(boolean adopted) {
		(adopted ? this.tenantsAdopted : this.tenantsCreated).increment();
	}

	public void slugAlternative() {
		this.slugAlternatives.increment();
	}

	public void whmcsWriteBack(boolean synced) {
		(synced ? this.whmcsSynced : this.whmcsFailed).increment();
	}

	public void tenantStatePublication(boolean published) {
		(published ? this.tenantStatePublished : this.tenantStateFailed).increment();
	}

	/**
	 * Times one archive API call.
	 * @param status the HTTP status, or {@code none} when no answer came
	 */
	public void archiveRequest(String operation, String status, long nanos) {
		Timer.builder(ARCHIVE_REQUEST)
			.description("Calls to the Easy Mail Archive API, by operation and HTTP status (none = no answer)")
			.tag("operation", operation)
			.tag("status", status)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Times one WHMCS API call.
	 * @param status the HTTP status, {@code error} for a {@code "result":"error"} answer, {@code none} when no answer
	 * came
	 */
	public void whmcsRequest(String operation, String status, long nanos) {
		Timer.builder(WHMCS_REQUEST)
			.description("Calls to the WHMCS API, by action and status (error = result error, none = no answer)")
			.tag("operation", operation)
			.tag("status", status)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Services the applier is driving right now. */
	public void inFlight(Supplier<Number> inFlight) {
		Gauge.builder("ema.applier.in.flight", inFlight)
			.description("Services the applier of this instance is driving right now")
			.register(this.registry);
	}

	private void registerEvents(String type) {
		Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			byOutcome.put(outcome, Counter.builder(EVENTS)
				.description("Lifecycle events by type and outcome")
				.tag("type", type)
				.tag("outcome", outcome.tag())
				.register(this.registry));
		}
		this.events.put(type, byOutcome);
	}

	private Counter tenants(String how) {
		return Counter.builder("ema.tenants")
			.description("Tenants this worker created, or adopted after the answer to its create request was lost")
			.tag("how", how)
			.register(this.registry);
	}

	private Counter whmcsWriteBacks(String outcome) {
		return Counter.builder("ema.whmcs.writebacks")
			.description("Slug and URL write-backs into WHMCS, by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private Counter tenantState(String outcome) {
		return Counter.builder("ema.tenant.state.publications")
			.description("Tenant state records sent to the compacted tenant state topic, by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}
}
