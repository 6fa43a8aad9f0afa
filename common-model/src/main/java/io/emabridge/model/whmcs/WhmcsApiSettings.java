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
 */
public record WhmcsApiSettings(URI url, String identifier, String secret, Duration connectTimeout,
		Duration requestTimeout) {

	public WhmcsApiSettings {
		Objects.requireNonNull(url, "url");
		if (identifier == null || identifier.isBlank() || secret == null || secret.isBlank()) {
			throw new IllegalArgumentException("identifier and secret must not be blank");
		}
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(requestTimeout, "requestTimeout");
	}

	/**
	 * Settings with a connect timeout of 5 seconds and a request timeout of 10 seconds.
	 */
	public static WhmcsApiSettings of(String url, String identifier, String secret) {
		return new WhmcsApiSettings(URI.create(url), identifier, secret, Duration.ofSeconds(5), Duration.ofSeconds(10));
	}

	/** Never prints the secret. */
	@Override
	public String toString() {
		return "WhmcsApiSettings[url=" + this.url + ", identifier=" + this.identifier + ", secret=(hidden)"
				+ ", connectTimeout=" + this.connectTimeout + ", requestTimeout=" + this.requestTimeout + "]";
	}
}
