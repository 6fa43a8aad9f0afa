package io.emabridge.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceTerminated;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.model.signing.RequestSignature;

/**
 * Signs and posts one lifecycle event to the gateway, as the WHMCS module would, and
 * prints the answer; then records the service's new status in the WHMCS sandbox, as WHMCS
 * does after a module action succeeded, so that the reconciler compares the archive with
 * what WHMCS would show.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
		description = "Sign and post a lifecycle event for a service to the gateway.")
final class SendCommand implements Callable<Integer> {

	@Parameters(index = "0", description = "create, suspend, unsuspend or terminate")
	String action;

	@Parameters(index = "1", description = "the WHMCS service id")
	long serviceId;

	@Option(names = "--gateway", defaultValue = "http://127.0.0.1:" + LocalDefaults.GATEWAY_PORT,
			description = "gateway base URL (default: ${DEFAULT-VALUE})")
	String gateway;

	@Option(names = "--secret", defaultValue = LocalDefaults.GATEWAY_SECRET,
			description = "shared secret (default: the local stack's development secret)")
	String secret;

	@Option(names = "--event-id", description = "send with this event id (to try a duplicate); random by default")
	UUID eventId;

	@Option(names = "--domain", description = "the service's domain (create)")
	String domain;

	@Option(names = "--company", defaultValue = "Example Company", description = "client company name (create)")
	String company;

	@Option(names = "--slug", description = "requested slug (create)")
	String requestedSlug;

	@Option(names = "--prefix", description = "product slug prefix (create)")
	String slugPrefix;

	@Option(names = "--reason", defaultValue = "Overdue on payment", description = "suspend reason (suspend)")
	String reason;

	@Option(names = "--whmcs", defaultValue = "http://127.0.0.1:" + LocalDefaults.WHMCS_SANDBOX_PORT,
			description = "the WHMCS sandbox whose service status to update after a 202, or \"none\""
					+ " (default: ${DEFAULT-VALUE})")
	String whmcs;

	@Override
	public Integer call() throws IOException, InterruptedException {
		LifecycleEvent event = event();
		byte[] body = LifecycleEventJson.write(event);
		long timestamp = Instant.now().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.gateway + "/api/whmcs/events"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(this.secret, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		System.out.println("POST " + request.uri());
		System.out.println(new String(body, StandardCharsets.UTF_8));
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		System.out.println(response.statusCode() + " " + response.body());
		if (response.statusCode() != 202) {
			return 1;
		}
		if (!"none".equals(this.whmcs)) {
			recordInWhmcs(event);
		}
		return 0;
	}

	/**
	 * Best effort: the event is in Kafka either way; without the sandbox the reconciler
	 * may report drift.
	 */
	private void recordInWhmcs(LifecycleEvent event) throws InterruptedException {
		String status = switch (event.type()) {
			case CREATE, UNSUSPEND -> "Active";
			case SUSPEND -> "Suspended";
			case TERMINATE -> "Terminated";
		};
		String domain = (event instanceof ServiceCreated created) ? ",\"domain\":\"" + created.domain() + "\"" : "";
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.whmcs + "/_sandbox/services/" + this.serviceId))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"" + domain + "}"))
			.build();
		try {
			int answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			System.out.println((answer == 200) ? "WHMCS sandbox: service " + this.serviceId + " is " + status
					: "WHMCS sandbox did not record the status: HTTP " + answer);
		}
		catch (IOException ex) {
			System.out.println("WHMCS sandbox not reached at " + this.whmcs + " (" + ex.getMessage()
					+ "): its service status is unchanged");
		}
	}

	private LifecycleEvent event() {
		EventType type = EventType.fromWireName("service." + this.action)
			.orElseThrow(() -> new IllegalArgumentException(
					"unknown action '" + this.action + "': use create, suspend, unsuspend or terminate"));
		UUID id = (this.eventId != null) ? this.eventId : UUID.randomUUID();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return switch (type) {
			case CREATE -> new ServiceCreated(id, now, this.serviceId, 1L, 1L, 1L,
					(this.domain != null) ? this.domain : "service" + this.serviceId + ".example.com",
					new Client(this.company, "Ada", "Lovelace", "ada@example.com"),
					new ProductOptions(this.slugPrefix, Boolean.TRUE, this.requestedSlug, "standard"));
			case SUSPEND -> new ServiceSuspended(id, now, this.serviceId, 1L, 1L, 1L, this.reason);
			case UNSUSPEND -> new ServiceUnsuspended(id, now, this.serviceId, 1L, 1L, 1L);
			case TERMINATE -> new ServiceTerminated(id, now, this.serviceId, 1L, 1L, 1L);
		};
	}

}
