package io.emabridge.sandbox;

import java.time.Duration;

/**
 * Fault switches of a sandbox. They apply only to the API paths, never to the
 * {@code /_sandbox/...} control paths.
 *
 * @param latencyMs delay added before every API response, in milliseconds
 * @param errorRate fraction (0..1) of API requests answered with {@code errorStatus}
 * @param errorStatus HTTP status of injected errors (default 503)
 * @param rateLimitBurst the next N API requests are answered 429 with a
 * {@code Retry-After} header
 * @param retryAfterSeconds value of the {@code Retry-After} header of those 429 answers
 * (default 1)
 * @param dropConnectionRate fraction (0..1) of API requests whose connection is closed
 * without any response
 * @param down every API request is answered 503
 * @param errorAfterApply injected errors and drops happen after the operation was applied
 * ("applied, but the answer was lost"); by default they happen before, and leave the
 * state untouched
 * @param seed when not null, re-seeds the sandbox's random source when these faults are
 * set
 * @param pathContains when not null, the faults (latency, errors, drops, 429 bursts,
 * down) apply only to API requests whose path (as sent, percent-encoded, without the
 * query) contains this text, e.g. {@code /tenants/acme-1042}; other requests are answered
 * normally, and a {@code rateLimitBurst} counts only the requests in scope. Null (or
 * blank) for every API request
 * @param action when not null, the faults apply only to API requests of this WHMCS action
 * (case-insensitive, e.g. {@code OpenTicket}), as the request log records it; archive
 * requests have no action, so an action-scoped fault never hits them. Null (or blank) for
 * every action
 * @param bodyContains when not null, the faults apply only to API requests whose body
 * (read as UTF-8) contains this text, e.g. {@code "slug":"acme-1042"} for the create
 * request of one tenant, which names it only in its body. Null (or blank) for every body.
 * Given several of {@code pathContains}, {@code action} and {@code bodyContains}, a
 * request must match each
 */
public record Faults(long latencyMs, double errorRate, int errorStatus, int rateLimitBurst, int retryAfterSeconds,
		double dropConnectionRate, boolean down, boolean errorAfterApply, Long seed, String pathContains, String action,
		String bodyContains) {

	public static final int DEFAULT_ERROR_STATUS = 503;

	public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

	private static final Faults NONE = new Faults(0, 0.0, DEFAULT_ERROR_STATUS, 0, DEFAULT_RETRY_AFTER_SECONDS, 0.0,
			false, false, null, null, null, null);

	public Faults {
		if (latencyMs < 0) {
			throw new IllegalArgumentException("latencyMs must be >= 0");
		}
		requireFraction("errorRate", errorRate);
		requireFraction("dropConnectionRate", dropConnectionRate);
		if (errorStatus < 400 || errorStatus > 599) {
			throw new IllegalArgumentException("errorStatus must be a 4xx or 5xx status");
		}
		if (rateLimitBurst < 0 || retryAfterSeconds < 0) {
			throw new IllegalArgumentException("rateLimitBurst and retryAfterSeconds must be >= 0");
		}
		pathContains = blankToNull(pathContains);
		action = blankToNull(action);
		bodyContains = blankToNull(bodyContains);
	}

	/** Faults for API requests of any body. */
	public Faults(long latencyMs, double errorRate, int errorStatus, int rateLimitBurst, int retryAfterSeconds,
			double dropConnectionRate, boolean down, boolean errorAfterApply, Long seed, String pathContains,
			String action) {
		this(latencyMs, errorRate, errorStatus, rateLimitBurst, retryAfterSeconds, dropConnectionRate, down,
				errorAfterApply, seed, pathContains, action, null);
	}

	/** Faults for every API request (no {@code pathContains}, no {@code action}). */
	public Faults(long latencyMs, double errorRate, int errorStatus, int rateLimitBurst, int retryAfterSeconds,
			double dropConnectionRate, boolean down, boolean errorAfterApply, Long seed) {
		this(latencyMs, errorRate, errorStatus, rateLimitBurst, retryAfterSeconds, dropConnectionRate, down,
				errorAfterApply, seed, null, null, null);
	}

	private static void requireFraction(String name, double value) {
		if (!(value >= 0.0 && value <= 1.0)) {
			throw new IllegalArgumentException(name + " must be between 0 and 1");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** No fault at all. */
	public static Faults none() {
		return NONE;
	}

	public boolean isNone() {
		return this.latencyMs == 0 && this.errorRate == 0.0 && this.rateLimitBurst == 0
				&& this.dropConnectionRate == 0.0 && !this.down;
	}

	/**
	 * Whether these faults apply to an API request with this path (as sent, without the
	 * query) and action (null when it has none): always, unless {@code pathContains} or
	 * {@code action} narrow them.
	 */
	public boolean appliesTo(String path, String requestAction) {
		return appliesTo(path, requestAction, null);
	}

	/**
	 * Whether these faults apply to an API request with this path (as sent, without the
	 * query), action (null when it has none) and body (null or empty when it has none):
	 * always, unless {@code pathContains}, {@code action} or {@code bodyContains} narrow
	 * them.
	 */
	public boolean appliesTo(String path, String requestAction, String body) {
		return (this.pathContains == null || path != null && path.contains(this.pathContains))
				&& (this.action == null || this.action.equalsIgnoreCase(requestAction))
				&& (this.bodyContains == null || body != null && body.contains(this.bodyContains));
	}

	public Faults withLatency(Duration latency) {
		return withLatencyMs(latency.toMillis());
	}

	public Faults withLatencyMs(long millis) {
		return new Faults(millis, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, this.down, this.errorAfterApply, this.seed, this.pathContains, this.action,
				this.bodyContains);
	}

	public Faults withErrorRate(double rate) {
		return withErrorRate(rate, this.errorStatus);
	}

	public Faults withErrorRate(double rate, int status) {
		return new Faults(this.latencyMs, rate, status, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, this.down, this.errorAfterApply, this.seed, this.pathContains, this.action,
				this.bodyContains);
	}

	public Faults withRateLimitBurst(int requests) {
		return withRateLimitBurst(requests, this.retryAfterSeconds);
	}

	public Faults withRateLimitBurst(int requests, int retryAfter) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, requests, retryAfter,
				this.dropConnectionRate, this.down, this.errorAfterApply, this.seed, this.pathContains, this.action,
				this.bodyContains);
	}

	public Faults withDropConnectionRate(double rate) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				rate, this.down, this.errorAfterApply, this.seed, this.pathContains, this.action, this.bodyContains);
	}

	public Faults withDown(boolean isDown) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, isDown, this.errorAfterApply, this.seed, this.pathContains, this.action,
				this.bodyContains);
	}

	public Faults withErrorAfterApply(boolean afterApply) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, this.down, afterApply, this.seed, this.pathContains, this.action,
				this.bodyContains);
	}

	public Faults withSeed(Long newSeed) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, this.down, this.errorAfterApply, newSeed, this.pathContains, this.action,
				this.bodyContains);
	}

	/**
	 * Narrows these faults to API requests whose path contains this text; null for every
	 * request.
	 */
	public Faults withPathContains(String text) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, this.down, this.errorAfterApply, this.seed, text, this.action,
				this.bodyContains);
	}

	/**
	 * Narrows these faults to API requests of this WHMCS action (case-insensitive); null
	 * for every action.
	 */
	public Faults withAction(String name) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, this.down, this.errorAfterApply, this.seed, this.pathContains, name,
				this.bodyContains);
	}

	/**
	 * Narrows these faults to API requests whose body contains this text; null for every
	 * body.
	 */
	public Faults withBodyContains(String text) {
		return new Faults(this.latencyMs, this.errorRate, this.errorStatus, this.rateLimitBurst, this.retryAfterSeconds,
				this.dropConnectionRate, this.down, this.errorAfterApply, this.seed, this.pathContains, this.action,
				text);
	}

}
