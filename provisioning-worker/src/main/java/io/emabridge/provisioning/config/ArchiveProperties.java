package io.emabridge.provisioning.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Easy Mail Archive reseller API, from {@code ema.archive.*}.
 *
 * @param baseUrl scheme, host and port of the API (the local sandbox by default; the real
 * service is https://api.easymailarchive.com)
 * @param apiKey the reseller API key. The default only opens the local sandbox: set a
 * real key through the environment (EMA_ARCHIVE_API_KEY), never in a file that is
 * committed
 * @param baseDomain the reseller's base domain: a tenant whose create answer carries no
 * URL (the API reference's shape) is served at https://{slug}.{baseDomain}. Required
 * unless {@code baseUrl} is on this machine (the sandbox, whose tenants are served under
 * {@value #SANDBOX_BASE_DOMAIN}): without it the worker would have no URL to give
 * customers
 * @param timeout how long one API call may take
 * @param connectTimeout how long connecting may take
 * @param circuitBreaker when persistent failures pause the work and the consumers
 * @param rateLimit how fast calls are sent, per reseller API key
 * @param keyCheck how a refused API key pauses the work instead of dead-lettering every
 * service
 * @param accounts further reseller accounts, by the id of the WHMCS server record whose
 * services they hold (a host with several Easy Mail Archive servers: brands, regions).
 * Services of any other server use the account above (the default account)
 */
@ConfigurationProperties("ema.archive")
@Validated
public record ArchiveProperties(@DefaultValue("http://127.0.0.1:8090") @NotNull URI baseUrl,
		@DefaultValue("sandbox-key") @NotBlank String apiKey, @DefaultValue("") @NotNull String baseDomain,
		@DefaultValue("10s") @NotNull Duration timeout, @DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue @Valid @NotNull CircuitBreakerProperties circuitBreaker,
		@DefaultValue @Valid @NotNull RateLimitProperties rateLimit,
		@DefaultValue @Valid @NotNull KeyCheckProperties keyCheck,
		@DefaultValue @Valid @NotNull Map<Long, AccountProperties> accounts) {

	/** The archive sandbox's base domain, used when the archive is the local sandbox. */
	public static final String SANDBOX_BASE_DOMAIN = "archive.example.test";

	public ArchiveProperties {
		if (baseDomain == null || baseDomain.isBlank()) {
			if (!isLocal(baseUrl)) {
				throw new IllegalArgumentException("ema.archive.base-domain is not set: the archive's create answer may"
						+ " carry no URL (the API reference's shape), and the worker would have no address to give"
						+ " customers. Set it to your reseller base domain (EMA_ARCHIVE_BASE_DOMAIN), e.g."
						+ " archive.yourcompany.com, under which tenants are served as https://<slug>.<base-domain>");
			}
			baseDomain = SANDBOX_BASE_DOMAIN;
		}
		baseDomain = baseDomain.strip();
		accounts = (accounts != null) ? new TreeMap<>(accounts) : Map.of();
		for (Map.Entry<Long, AccountProperties> account : accounts.entrySet()) {
			AccountProperties given = account.getValue();
			String prefix = "ema.archive.accounts." + account.getKey() + ".";
			if (account.getKey() <= 0) {
				throw new IllegalArgumentException(prefix + "*: a WHMCS server id is a positive number");
			}
			if (given == null || given.apiKey() == null || given.apiKey().isBlank()) {
				throw new IllegalArgumentException(prefix + "api-key is not set: each further reseller account"
						+ " needs its own API key (the WHMCS server record's)");
			}
			URI url = (given.baseUrl() != null) ? given.baseUrl() : baseUrl;
			if (url.getScheme() == null || url.getHost() == null) {
				throw new IllegalArgumentException(prefix + "base-url is not an absolute URL: " + url);
			}
			if (given.baseDomain().isBlank() && !isLocal(url) && baseDomain.equals(SANDBOX_BASE_DOMAIN)) {
				throw new IllegalArgumentException(prefix + "base-domain is not set, and neither is"
						+ " ema.archive.base-domain: the worker would have no address to give this account's"
						+ " customers");
			}
		}
	}

	/**
	 * Every account: the default one first (server id {@code null}), then one per
	 * configured server, with the default's base URL and base domain where it gives none.
	 */
	public List<Account> effectiveAccounts() {
		List<Account> effective = new ArrayList<>();
		effective.add(new Account(null, this.baseUrl, this.apiKey, this.baseDomain));
		this.accounts.forEach((serverId,
				given) -> effective.add(new Account(serverId,
						(given.baseUrl() != null) ? given.baseUrl() : this.baseUrl, given.apiKey(),
						given.baseDomain().isBlank() ? this.baseDomain : given.baseDomain().strip())));
		return effective;
	}

	/** Whether the archive is on this machine: the sandbox, not a real archive. */
	private static boolean isLocal(URI url) {
		String host = (url != null) ? url.getHost() : null;
		if (host == null) {
			return false;
		}
		String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
	}

	/** Never prints the key. */
	@Override
	public String toString() {
		return "ArchiveProperties[baseUrl=" + this.baseUrl + ", apiKey=(hidden), baseDomain=" + this.baseDomain
				+ ", timeout=" + this.timeout + ", connectTimeout=" + this.connectTimeout + ", circuitBreaker="
				+ this.circuitBreaker + ", rateLimit=" + this.rateLimit + ", keyCheck=" + this.keyCheck + ", accounts="
				+ this.accounts + "]";
	}

	/**
	 * A further reseller account, {@code ema.archive.accounts.<serverId>.*}.
	 *
	 * @param apiKey the account's reseller API key (give it through the environment, e.g.
	 * EMA_ARCHIVE_ACCOUNTS_2_API_KEY)
	 * @param baseUrl the API's address for this account; the default account's when not
	 * set
	 * @param baseDomain the account's base domain (each brand has its own); the default
	 * account's when not set
	 */
	public record AccountProperties(String apiKey, URI baseUrl, @DefaultValue("") @NotNull String baseDomain) {

		/** Never prints the key. */
		@Override
		public String toString() {
			return "AccountProperties[baseUrl=" + this.baseUrl + ", apiKey=(hidden), baseDomain=" + this.baseDomain
					+ "]";
		}
	}

	/**
	 * One account as the worker uses it: for which server (null: the default account),
	 * where, with which key, under which domain.
	 */
	public record Account(Long serverId, URI baseUrl, String apiKey, String baseDomain) {

		/** Never prints the key. */
		@Override
		public String toString() {
			return "Account[serverId=" + this.serverId + ", baseUrl=" + this.baseUrl + ", apiKey=(hidden), baseDomain="
					+ this.baseDomain + "]";
		}
	}

	/** How the circuit breaker's window counts calls. */
	public enum WindowType {

		/** The last {@code window-size} calls. */
		COUNT,
		/** The calls of the last {@code window-size} seconds. */
		TIME

	}

	/**
	 * The circuit breaker over archive calls. Only "the archive is unwell" counts as a
	 * failure: no answer, 408, 5xx. 429 counts as nothing, other answers as successes.
	 *
	 * @param enabled false lets every call through, whatever fails
	 * @param windowType whether the window is the last N calls or the last N seconds
	 * @param windowSize N, in calls or seconds
	 * @param minimumCalls calls the window needs before the failure rate is judged
	 * @param failureRateThreshold percentage of failed calls in the window that opens the
	 * circuit
	 * @param waitInOpen how long the circuit stays open before it is probed
	 * @param permittedCallsInHalfOpen probe calls that must succeed (by the threshold)
	 * for the circuit to close
	 */
	public record CircuitBreakerProperties(@DefaultValue("true") boolean enabled,
			@DefaultValue("count") @NotNull WindowType windowType, @DefaultValue("50") @Min(1) int windowSize,
			@DefaultValue("20") @Min(1) int minimumCalls,
			@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
			@DefaultValue("30s") @NotNull Duration waitInOpen,
			@DefaultValue("3") @Min(1) int permittedCallsInHalfOpen) {

		public CircuitBreakerProperties {
			if (waitInOpen != null && (waitInOpen.isNegative() || waitInOpen.isZero())) {
				throw new IllegalArgumentException("ema.archive.circuit-breaker.wait-in-open must be positive");
			}
		}
	}

	/**
	 * The rate limit of archive calls, one limiter per reseller API key. A 429 halves the
	 * rate (not below 1/s) and holds calls off for its {@code Retry-After}; successes
	 * raise it by a tenth of the configured rate per second.
	 *
	 * @param requestsPerSecond the rate to send at when the archive does not push back; 0
	 * switches limiting off
	 * @param maxWait the longest a call waits for its permit; after that the service is
	 * taken up again later, without counting an attempt. Capped at half of
	 * ema.worker.lease, which the waiting thread holds
	 * @param shared whether requests-per-second is the key's budget for all instances
	 * together (split among the live instances, found through the ledger's database)
	 * rather than each instance's own
	 * @param shareInterval how often an instance says it is alive and takes its part of
	 * the shared rate; an instance that stopped saying so counts for three intervals
	 */
	public record RateLimitProperties(@DefaultValue("50") @Min(0) int requestsPerSecond,
			@DefaultValue("2s") @NotNull Duration maxWait, @DefaultValue("true") boolean shared,
			@DefaultValue("2s") @NotNull Duration shareInterval) {

		public RateLimitProperties {
			if (maxWait != null && maxWait.isNegative()) {
				throw new IllegalArgumentException("ema.archive.rate-limit.max-wait must not be negative");
			}
			if (shareInterval != null && (shareInterval.isNegative() || shareInterval.isZero())) {
				throw new IllegalArgumentException("ema.archive.rate-limit.share-interval must be positive");
			}
		}
	}

	/**
	 * What a 401 or 403 means. After one, the worker asks the archive with the cheapest
	 * read there is (the first page of tenants) whether it still takes the key: if not,
	 * the key is refused for every service (rotated or revoked), and the worker pauses as
	 * for an open circuit instead of dead-lettering every due service, probing every
	 * {@code probeInterval} until the key works again; if it does, the refusal is about
	 * that one request, and that service is dead-lettered.
	 *
	 * @param enabled false dead-letters every service whose call is refused, as before
	 * @param probeInterval how often a refused key is tried again
	 */
	public record KeyCheckProperties(@DefaultValue("true") boolean enabled,
			@DefaultValue("30s") @NotNull Duration probeInterval) {

		public KeyCheckProperties {
			if (probeInterval != null && (probeInterval.isNegative() || probeInterval.isZero())) {
				throw new IllegalArgumentException("ema.archive.key-check.probe-interval must be positive");
			}
		}
	}

}
