package io.emabridge.sandbox.whmcs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the sandbox's copy of our server module publishes: the event gateway's base URL
 * (the server record's Username field) and the secret it signs with (the server's Access
 * Hash).
 *
 * @param url base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080}
 * @param secret the shared signing secret; never shown by {@link #toString()}
 */
public record ModuleGateway(String url, String secret) {

	public ModuleGateway {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("a module gateway needs its URL");
		}
		url = url.trim();
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		URI parsed;
		try {
			parsed = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("the module gateway URL is not a URL: " + ex.getMessage(), ex);
		}
		String scheme = (parsed.getScheme() != null) ? parsed.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || parsed.getHost() == null) {
			throw new IllegalArgumentException("the module gateway URL must be an http or https URL with a host");
		}
		if (secret == null || secret.isBlank()) {
			throw new IllegalArgumentException("a module gateway needs its signing secret");
		}
	}

	@Override
	public String toString() {
		return "ModuleGateway[url=" + this.url + ", secret=(not shown)]";
	}

}
