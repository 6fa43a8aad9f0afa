package io.emabridge.provisioning.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.support.metrics.ArchiveCallTimer;

/**
 * Every meter of the worker, declared here and nowhere else, with bounded tags only.
 * Counters whose tag values are known up front are registered at start so that dashboards
 * see zeros rather than missing series.
 */
public class WorkerMetrics {

	/** Type tag of a record whose type cannot be read. */
	public static final String UNKNOWN_TYPE = "unknown";

	private static final String EVENTS = "ema.events";

	private static final String WHMCS_REQUEST = "ema.whmcs.request";

	private static final Map<String, String> REQUEST_DESCRIPTIONS = Map.of(WHMCS_REQUEST,
			"Calls to the WHMCS API, by action and status (error = result error, none = no answer)");

	private final MeterRegistry registry;

	private final Map<String, Map<Outcome, Counter>> events = new HashMap<>();

	private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);

	private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

	private final ArchiveCallTimer archiveCalls;

	private final Counter tenantsCreated;

	private final Counter tenantsAdopted;

	private final Counter slugAlternatives;

	private final Counter whmcsSynced;

	private final Counter whmcsFailed;

	private final Counter tenantStatePublished;

	private final Counter tenantStateFailed;

	private final Map<String, Counter> circuitTransitions = new ConcurrentHashMap<>();

	private final Map<String, Counter> callsNotSent = new ConcurrentHashMap<>();

	private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();

	private final Map<String, Counter> applyErrors = new ConcurrentHashMap<>();

	private final Map<WelcomeOutcome, Counter> welcomeEmails = new EnumMap<>(WelcomeOutcome.class);

	public WorkerMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.archiveCalls = new ArchiveCallTimer(registry);
		for (EventType type : EventType.values()) {
			registerEvents(type.wireName());
		}
		registerEvents(UNKNOWN_TYPE);
		for (DeadLetterReason reason : DeadLetterReason.values()) {
			if (reason.noticeOnly()) {
				continue;
			}
			this.deadLetters.put(reason, counter("ema.dead.letters",
					"Events written to the dead-letter topic, by reason", "reason", reason.value()));
		}
		String tenants = "Tenants this worker created, or adopted after the answer to its create request was lost";
		this.tenantsCreated = counter("ema.tenants", tenants, "how", "created");
		this.tenantsAdopted = counter("ema.tenants", tenants, "how", "adopted");
		this.slugAlternatives = Counter.builder("ema.slug.alternatives")
			.description("Slugs given up for the next alternative because the archive called them taken or invalid")
			.register(registry);
		String writeBacks = "Slug and URL write-backs into WHMCS, by outcome";
		this.whmcsSynced = counter("ema.whmcs.writebacks", writeBacks, "outcome", "synced");
		this.whmcsFailed = counter("ema.whmcs.writebacks", writeBacks, "outcome", "failed");
		String publications = "Tenant state records sent to the compacted tenant state topic, by outcome";
		this.tenantStatePublished = counter("ema.tenant.state.publications", publications, "outcome", "published");
		this.tenantStateFailed = counter("ema.tenant.state.publications", publications, "outcome", "failed");
		for (WelcomeOutcome outcome : WelcomeOutcome.values()) {
			this.welcomeEmails.put(outcome,
					counter("ema.welcome.emails",
							"Welcome e-mails (WHMCS SendEmail) by outcome; unknown ones are not sent again", "outcome",
							outcome.name().toLowerCase(Locale.ROOT)));
		}
	}

	public void welcomeEmail(WelcomeOutcome outcome, int count) {
		this.welcomeEmails.get(outcome).increment(count);
	}

	public void event(String type, Outcome outcome) {
		Map<Outcome, Counter> byOutcome = this.events.get(type);
		((byOutcome != null) ? byOutcome : this.events.get(UNKNOWN_TYPE)).get(outcome).increment();
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

	/** Times archive API calls, as every service does. */
	public ArchiveCallTimer archiveCalls() {
		return this.archiveCalls;
	}

	/**
	 * Times one WHMCS API call.
	 * @param status the HTTP status, {@code error} for a {@code "result":"error"} answer,
	 * {@code none} when no answer came
	 */
	public void whmcsRequest(String operation, String status, long nanos) {
		requestTimer(WHMCS_REQUEST, operation, status).record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The timer of one API, operation and status, built once: building a timer with a
	 * histogram and looking it up in the registry on every call cost more than the call's
	 * own bookkeeping.
	 */
	private Timer requestTimer(String name, String operation, String status) {
		return this.requestTimers.computeIfAbsent(new RequestKey(name, operation, status),
				(key) -> Timer.builder(key.name())
					.description(REQUEST_DESCRIPTIONS.get(key.name()))
					.tag("operation", key.operation())
					.tag("status", key.status())
					.publishPercentileHistogram()
					.minimumExpectedValue(Duration.ofMillis(1))
					.maximumExpectedValue(Duration.ofSeconds(30))
					.register(this.registry));
	}

	/** Services the applier is driving right now. */
	public void inFlight(Supplier<Number> inFlight) {
		Gauge.builder("ema.applier.in.flight", inFlight)
			.description("Services the applier of this instance is driving right now")
			.register(this.registry);
	}

	/**
	 * The archive circuit breaker of one reseller API key: one gauge series per state, 1
	 * for the current one and 0 for the others, and a counter of transitions into each
	 * state.
	 * @param key a fingerprint of the key, never the key
	 */
	public void archiveCircuit(String key, List<String> states, Supplier<String> current) {
		for (String state : states) {
			Gauge.builder("ema.archive.circuit.state", () -> state.equals(current.get()) ? 1 : 0)
				.description(
						"State of the archive circuit breaker of an API key: 1 for the current state (closed, open,"
								+ " half_open)")
				.tag("key", key)
				.tag("state", state)
				.register(this.registry);
			this.circuitTransitions.put(key + "/" + state, Counter.builder("ema.archive.circuit.transitions")
				.description("Changes of state of the archive circuit breaker of an API key, by the state" + " entered")
				.tag("key", key)
				.tag("to", state)
				.register(this.registry));
		}
	}

	public void archiveCircuitTransition(String key, String to) {
		Counter counter = this.circuitTransitions.get(key + "/" + to);
		if (counter != null) {
			counter.increment();
		}
	}

	/**
	 * Archive calls held back before being sent; {@code reason} is {@code circuit_open}
	 * or {@code no_permit}.
	 */
	public void archiveCallNotSent(String reason) {
		this.callsNotSent
			.computeIfAbsent(reason, (r) -> counter("ema.archive.calls.not.sent",
					"Archive calls not sent (or not counted): the circuit was open, no rate-limit permit came in time,"
							+ " or the archive refuses the API key",
					"reason", r))
			.increment();
	}

	/**
	 * The rate limiter of one reseller API key: its current rate and its 429 answers.
	 * @param key a fingerprint of the key, never the key
	 */
	public void archiveRateLimit(String key, Supplier<Number> requestsPerSecond) {
		Gauge.builder("ema.archive.rate.limit", requestsPerSecond)
			.description("Archive calls per second the rate limiter allows now, per API key (0 = no limit)")
			.tag("key", key)
			.register(this.registry);
		this.rateLimited.computeIfAbsent(key, (k) -> counter("ema.archive.rate.limited",
				"Archive answers 429 (too many requests), per API key", "key", k));
	}

	/**
	 * The instances found sharing a key's rate (ema.archive.rate-limit.shared), this one
	 * included.
	 */
	public void archiveRateShare(String key, Supplier<Number> instances) {
		Gauge.builder("ema.archive.rate.limit.instances", instances)
			.description("Instances sharing the archive rate of an API key, this one included")
			.tag("key", key)
			.register(this.registry);
	}

	public void archiveRateLimited(String key) {
		this.rateLimited.get(key).increment();
	}

	/**
	 * Unexpected failures of the applier (a bug, the database, a value storage refuses),
	 * by the stage they happened in; each holds its service off with back-off.
	 * @param stages every stage, registered up front
	 */
	public void applyErrorStages(List<String> stages) {
		for (String stage : stages) {
			this.applyErrors.computeIfAbsent(stage, (s) -> counter("ema.apply.errors",
					"Unexpected failures while applying, writing back, publishing or notifying, by stage", "stage", s));
		}
	}

	public void applyError(String stage) {
		this.applyErrors
			.computeIfAbsent(stage, (s) -> counter("ema.apply.errors",
					"Unexpected failures while applying, writing back, publishing or notifying, by stage", "stage", s))
			.increment();
	}

	/**
	 * 1 while the archive refuses a reseller API key for every call, else 0.
	 * @param key a fingerprint of the key, never the key
	 */
	public void archiveAuthFailing(String key, Supplier<Number> refused) {
		Gauge.builder("ema.archive.auth.failing", refused)
			.description("1 while the archive refuses a reseller API key itself (rotated or revoked): the work of its"
					+ " account is paused")
			.tag("key", key)
			.register(this.registry);
	}

	/** Lifecycle listener containers paused while the archive circuit is open. */
	public void consumersPaused(Supplier<Number> paused) {
		Gauge.builder("ema.consumers.paused", paused)
			.description("Lifecycle listener containers of this instance paused because the archive circuit is open")
			.register(this.registry);
	}

	private void registerEvents(String type) {
		Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			byOutcome.put(outcome,
					Counter.builder(EVENTS)
						.description("Lifecycle events by type and outcome")
						.tag("type", type)
						.tag("outcome", outcome.tag())
						.register(this.registry));
		}
		this.events.put(type, byOutcome);
	}

	/** One series of a counter with a single tag. */
	private Counter counter(String name, String description, String tag, String value) {
		return Counter.builder(name).description(description).tag(tag, value).register(this.registry);
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

	/** What came of a welcome e-mail. */
	public enum WelcomeOutcome {

		/** WHMCS sent it. */
		SENT,
		/** WHMCS did not send it; tried again later. */
		NOT_SENT,
		/** Its answer was lost: it may have been sent, and is not sent again. */
		UNKNOWN,
		/** No template configured when it became due. */
		SKIPPED

	}

	private record RequestKey(String name, String operation, String status) {
	}

}
