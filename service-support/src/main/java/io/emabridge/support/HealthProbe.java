package io.emabridge.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check that needs nothing but the JRE: asks the service on this host
 * for its readiness and exits 0 when it answers 200, 1 otherwise. Images have no curl;
 * compose files run
 * {@code java -cp @/app/jib-classpath-file io.emabridge.support.HealthProbe 8081}.
 */
public final class HealthProbe {

	private HealthProbe() {
	}

	public static void main(String[] args) {
		String port = (args.length > 0) ? args[0] : "8080";
		String path = (args.length > 1) ? args[1] : "/actuator/health/readiness";
		System.exit(isHealthy(URI.create("http://127.0.0.1:" + port + path)) ? 0 : 1);
	}

	static boolean isHealthy(URI uri) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
