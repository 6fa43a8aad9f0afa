package io.emabridge.usage.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Easy Mail Archive reseller API usage is read from, {@code ema.archive.*} (the same
 * names as the provisioning worker's). {@code base-url} and {@code api-key} are the
 * default reseller account; a host with several Easy Mail Archive servers in WHMCS
 * (brands, regions) adds one account per further server under
 * {@code ema.archive.accounts.<serverId>}, each with its own key. Every account's tenants
 * are collected; servers configured with the same key and address are one account,
 * collected once.
 *
 * @param baseUrl scheme, host and port of the API
 * @param apiKey the reseller API key; give a real one through the environment
 * (EMA_ARCHIVE_API_KEY)
 * @param timeout how long one call may take
 * @param connectTimeout how long connecting may take
 * @param accounts further reseller accounts, by the id of their WHMCS server record
 * @param rateLimit how fast the collector reads each account
 */
@ConfigurationProperties("ema.archive")
@Validated
public record ArchiveProperties(@DefaultValue("http://127.0.0.1:8090") @NotNull URI baseUrl,
		@DefaultValue("sandbox-key") @NotBlank String apiKey, @DefaultValue("10s") @NotNull Duration timeout,
		@DefaultValue("5s") @NotNull Duration connectTimeout, Map<String, Account> accounts,
		@DefaultValue @Valid @NotNull RateLimit rateLimit) {

	/** The name of the default account, for logs, metrics and the run records. */
	public static final String DEFAULT_ACCOUNT = "default";

	private static final String PREFIX = "ema.archive.accounts.";

	/**
	 * Checks the further accounts as they are bound, so that a start-up error names the
	 * setting at fault (never the key).
	 */
	public ArchiveProperties {
		checkUrl("ema.archive.base-url", baseUrl);
		// ordered by server id, numerically, so that runs and logs go through them alike
		Map<String, Account> checked = new TreeMap<>(
				Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
		if (accounts != null) {
			accounts.forEach((serverId, account) -> {
				if (!serverId.matches("[1-9][0-9]{0,18}")) {
					throw new IllegalArgumentException(PREFIX + serverId
							+ ": an account is named by the id of its WHMCS server record, a positive number");
				}
				if (account == null || account.apiKey() == null || account.apiKey().isBlank()) {
					throw new IllegalArgumentException(PREFIX + serverId + ".api-key must not be blank");
				}
				checkUrl(PREFIX + serverId + ".base-url", account.baseUrl());
				// servers sold through one reseller account share its key: that account
				// is
				// collected once (the provisioning worker also treats them as one
				// account)
				URI url = (account.baseUrl() != null) ? account.baseUrl() : baseUrl;
				if (account.apiKey().equals(apiKey) && url.equals(baseUrl)) {
					return;
				}
				boolean known = checked.values()
					.stream()
					.anyMatch((other) -> other.apiKey().equals(account.apiKey())
							&& ((other.baseUrl() != null) ? other.baseUrl() : baseUrl).equals(url));
				if (known) {
					return;
				}
				checked.put(serverId, account);
			});
		}
		accounts = Collections.unmodifiableMap(checked);
	}

	/** The base URL of an account: its own, or the default account's. */
	public URI baseUrlOf(Account account) {
		return (account.baseUrl() != null) ? account.baseUrl() : this.baseUrl;
	}

	private static void checkUrl(String setting, URI url) {
		if (url == null) {
			return;
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || url.getHost().isBlank()) {
			throw new IllegalArgumentException(setting + " must be an http or https URL with a host, such as"
					+ " https://api.easymailarchive.com, not '" + url + "'");
		}
	}

	/** Never prints a key. */
	@Override
	public String toString() {
		return "ArchiveProperties[baseUrl=" + this.baseUrl + ", apiKey=(hidden), timeout=" + this.timeout
				+ ", connectTimeout=" + this.connectTimeout + ", accounts=" + this.accounts + ", rateLimit="
				+ this.rateLimit + "]";
	}

	/**
	 * The collector's part of each account's quota: the archive enforces one quota per
	 * reseller key for everything that uses it, and the provisioning workers share theirs
	 * among themselves, not with this worker.
	 *
	 * @param requestsPerSecond most archive calls per second to one account (reads of
	 * pages and of single tenants, retries included); 0 = no limit
	 */
	public record RateLimit(@DefaultValue("10") @DecimalMin("0.0") double requestsPerSecond) {
	}

	/**
	 * A further reseller account: one Easy Mail Archive server of WHMCS.
	 *
	 * @param apiKey the account's reseller API key (from the environment, as the default
	 * one's)
	 * @param baseUrl scheme, host and port of its API; empty: the default account's
	 */
	public record Account(String apiKey, URI baseUrl) {

		/** Never prints the key. */
		@Override
		public String toString() {
			return "Account[apiKey=(hidden), baseUrl=" + ((this.baseUrl != null) ? this.baseUrl : "(default)") + "]";
		}

	}

}
