package io.emabridge.model.archive;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where and how to reach the Easy Mail Archive reseller API.
 *
 * @param baseUrl scheme, host and port of the API, e.g.
 * {@code https://api.easymailarchive.com}; the client appends
 * {@code /api/reseller/tenants}
 * @param apiKey the reseller API key, sent as a bearer token; never printed
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a whole answer once connected
 */
public record ArchiveApiSettings(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout) {

	public ArchiveApiSettings {
		Objects.requireNonNull(baseUrl, "baseUrl");
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalArgumentException("apiKey must not be blank");
		}
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(requestTimeout, "requestTimeout");
	}

	/**
	 * Settings with a connect timeout of 5 seconds and a request timeout of 10 seconds.
	 */
	public static ArchiveApiSettings of(String baseUrl, String apiKey) {
		return new ArchiveApiSettings(URI.create(baseUrl), apiKey, Duration.ofSeconds(5), Duration.ofSeconds(10));
	}

	/**
	 * The same settings with another key: how a fixed key is put in place without
	 * rebuilding everything else.
	 */
	public ArchiveApiSettings withApiKey(String key) {
		return new ArchiveApiSettings(this.baseUrl, key, this.connectTimeout, this.requestTimeout);
	}

	/** Never prints the key. */
	@Override
	public String toString() {
		return "ArchiveApiSettings[baseUrl=" + this.baseUrl + ", apiKey=(hidden), connectTimeout=" + this.connectTimeout
				+ ", requestTimeout=" + this.requestTimeout + "]";
	}

	/**
	 * A short fingerprint of the API key for logs, metric tags and records (the first 4
	 * bytes of its SHA-256, in hex): the key itself never leaves the client. Both workers
	 * tag an account with it.
	 */
	public String keyFingerprint() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.apiKey.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
