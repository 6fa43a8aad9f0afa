package io.emabridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Reads counters of a service's Prometheus page, to say where the time went between two
 * readings.
 */
final class Prometheus {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private Prometheus() {
	}

	static String scrape(ServiceJvm service) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(service.url() + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	/** The sum over the series of {@code name} whose labels contain every fragment. */
	static double sum(String page, String name, String... labelFragments) {
		double total = 0;
		for (String line : page.lines().toList()) {
			if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
				continue;
			}
			boolean matches = true;
			for (String fragment : labelFragments) {
				matches &= line.contains(fragment);
			}
			if (matches) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return total;
	}

}
