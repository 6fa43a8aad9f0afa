package io.emabridge.model.whmcs;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach the WHMCS HTTP API.
 *
 * @param url the WHMCS installation, e.g. {@code https://billing.example.com}; the client
 * posts to {@code {url}/includes/api.php}
 * @param identifier API credential identifier
 * @param secret API credential secret; never printed
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a whole answer once connected
 * @param accessKey the installation's API access key ({@code $api_access_key} in WHMCS's
 * {@code configuration.php}), sent as {@code accesskey} with every call so that WHMCS
 * takes calls from addresses not on its API IP allow-list (workers on Kubernetes have no
 * fixed address); {@code null} or blank sends none. Never printed.
 */
public record WhmcsApiSettings(URI url, String identifier, String secret, Duration connectTimeout,
		Duration requestTimeout, String accessKey) {

	public WhmcsApiSettings {
		Objects.requireNonNull(url, "url");
		if (identifier == null || identifier.isBlank() || secret == null || secret.isBlank()) {
			throw new IllegalArgumentException("identifier and secret must not be blank");
		}
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(requestTimeout, "requestTimeout");
		accessKey = (accessKey == null || accessKey.isBlank()) ? null : accessKey;
	}

	/** Settings without an access key: WHMCS must allow-list the caller's address. */
	public WhmcsApiSettings(URI url, String identifier, String secret, Duration connectTimeout,
			Duration requestTimeout) {
		this(url, identifier, secret, connectTimeout, requestTimeout, null);
	}

	/** The same settings with this access key ({@code null} or blank for none). */
	public WhmcsApiSettings withAccessKey(String key) {
		return new WhmcsApiSettings(this.url, this.identifier, this.secret, this.connectTimeout, this.requestTimeout,
				key);
	}

	/**
	 * Settings with a connect timeout of 5 seconds and a request timeout of 10 seconds.
	 */
	public static WhmcsApiSettings of(String url, String identifier, String secret) {
		return new WhmcsApiSettings(URI.create(url), identifier, secret, Duration.ofSeconds(5), Duration.ofSeconds(10));
	}

	/** Never prints the secret or the access key. */
	@Override
	public String toString() {
		return "WhmcsApiSettings[url=" + this.url + ", identifier=" + this.identifier + ", secret=(hidden)"
				+ ", connectTimeout=" + this.connectTimeout + ", requestTimeout=" + this.requestTimeout + ", accessKey="
				+ ((this.accessKey != null) ? "(hidden)" : "none") + "]";
	}
}
