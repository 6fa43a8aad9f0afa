package io.emabridge.sandbox.whmcs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceTerminated;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.model.signing.RequestSignature;

/**
 * Our PHP server module's lifecycle functions ({@code easymailarchive_CreateAccount} and
 * the others) as the WHMCS sandbox runs them: build the event the module's
 * {@code EventBuilder} builds for the service, post it signed to the gateway as its
 * {@code GatewayClient} does, and return {@code "success"} on the gateway's 202 or else
 * the message the module returns for that failure, word for word.
 * <p>
 * What the sandbox does not model: the module's outbox (it behaves as a product set to
 * "Module Queue": a gateway that is down fails the command), its short retries inside one
 * call (the answer would be the same, only later), its Module Log, and the pending event
 * id it reuses on a retry (each command is a new event). The sandbox has no client
 * records, so a create carries no {@code client}; the product's module settings are the
 * module's defaults (no slug prefix, auto-generate on, no plan).
 */
final class ServerModule {

	static final String SUCCESS = "success";

	static final String EVENTS_PATH = "/api/whmcs/events";

	/** The module's custom field names for the slug a customer asked for. */
	private static final List<String> REQUESTED_SLUG_FIELDS = List.of("requested slug", "desired slug",
			"preferred slug", "requestedslug");

	private static final String SIGNATURE_ERROR = "Gateway rejected the signature: check the shared secret (Access Hash)"
			+ " and the WHMCS server clock";

	/** The PHP module's curl time-outs. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final ModuleGateway gateway;

	private final Clock clock;

	private final Random random;

	private final HttpClient http;

	ServerModule(ModuleGateway gateway, Clock clock, Random random) {
		this.gateway = gateway;
		this.clock = clock;
		this.random = random;
		// never follows a redirect: it could carry the signed body somewhere else
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Runs the module function of a command ({@code Create}, {@code Suspend},
	 * {@code Unsuspend}, {@code Terminate}).
	 * @param form the API call's fields ({@code suspendreason} for a suspend)
	 * @return {@value #SUCCESS}, or the module's error message
	 */
	String run(String command, WhmcsService service, WhmcsProduct product, Map<String, String> form) {
		LifecycleEvent event = event(command, service, product, form);
		String url = this.gateway.url() + EVENTS_PATH;
		byte[] body = LifecycleEventJson.write(event);
		long timestamp = this.clock.instant().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(TIMEOUT)
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(this.gateway.secret(), timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return "Event gateway unreachable at " + url + ": " + describe(ex)
					+ "; the action stays in the Module Queue — retry when the gateway is up";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "Event gateway unreachable at " + url + ": interrupted"
					+ "; the action stays in the Module Queue — retry when the gateway is up";
		}
		return (response.statusCode() == 202) ? SUCCESS : explain(response, url);
	}

	/** The event {@code EmaEventBuilder::build} makes of WHMCS's module parameters. */
	private LifecycleEvent event(String command, WhmcsService service, WhmcsProduct product, Map<String, String> form) {
		UUID eventId = newEventId();
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		long serviceId = service.id();
		Long clientId = positive(service.clientId());
		Long productId = positive(service.pid());
		Long serverId = positive(service.serverId());
		return switch (command) {
			case "Create" ->
				new ServiceCreated(eventId, at, serviceId, clientId, productId, serverId, text(service.domain()), null,
						new ProductOptions(null, true, text(requestedSlug(service, product)), null));
			case "Suspend" -> new ServiceSuspended(eventId, at, serviceId, clientId, productId, serverId,
					text(form.get("suspendreason")));
			case "Unsuspend" -> new ServiceUnsuspended(eventId, at, serviceId, clientId, productId, serverId);
			case "Terminate" -> new ServiceTerminated(eventId, at, serviceId, clientId, productId, serverId);
			default -> throw new IllegalArgumentException("no module function for " + command);
		};
	}

	/** A random (version 4) UUID from the sandbox's seeded random. */
	private UUID newEventId() {
		long high;
		long low;
		synchronized (this.random) {
			high = this.random.nextLong();
			low = this.random.nextLong();
		}
		return new UUID((high & ~0xF000L) | 0x4000L, (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
	}

	/**
	 * The first requested-slug field with a value; WHMCS field names may be "name|Label",
	 * of which only the name counts.
	 */
	private static String requestedSlug(WhmcsService service, WhmcsProduct product) {
		for (Map.Entry<Integer, String> field : product.customFields().entrySet()) {
			String name = field.getValue().split("\\|", 2)[0].trim().toLowerCase(Locale.ROOT);
			String value = service.customField(field.getKey()).trim();
			if (REQUESTED_SLUG_FIELDS.contains(name) && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	private static Long positive(long value) {
		return (value > 0) ? value : null;
	}

	/**
	 * The text as the module sends it: without the control characters the gateway refuses
	 * (tab, line feed and carriage return stay), lone surrogates replaced, trimmed;
	 * {@code null} when nothing is left.
	 */
	static String text(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder kept = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				kept.append(c).append(value.charAt(++i));
			}
			else if (Character.isSurrogate(c)) {
				kept.append('\uFFFD');
			}
			else if (!((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F))) {
				kept.append(c);
			}
		}
		String text = kept.toString().trim();
		return text.isEmpty() ? null : text;
	}

	/** {@code EmaGatewayClient::explain} for an answer other than 202. */
	private String explain(HttpResponse<String> response, String url) {
		int status = response.statusCode();
		JsonNode problem = json(response.body());
		return switch (status) {
			case 400 -> "Event rejected as invalid by the gateway" + fieldErrors(problem)
					+ "; fix the service or product data, then retry from the Module Queue";
			case 401 -> SIGNATURE_ERROR + said(problem);
			case 413 -> "Event too large for the gateway (HTTP 413); shorten the service's long fields, then retry";
			case 415 -> "Gateway refused the content type (HTTP 415);"
					+ " check that the Username field points at the event gateway";
			case 503 -> {
				Long retryAfter = retryAfterSeconds(response);
				yield "Event gateway cannot reach Kafka right now (HTTP 503"
						+ ((retryAfter != null) ? ", retry after " + retryAfter + " s" : "")
						+ "); the action stays in the Module Queue — retry in a few minutes";
			}
			default -> "Unexpected answer from the event gateway at " + url + ": HTTP " + status + said(problem)
					+ "; the action stays in the Module Queue — retry later";
		};
	}

	/** ": field: message; field: message" from a problem+json body, or its detail. */
	private static String fieldErrors(JsonNode problem) {
		List<String> parts = new ArrayList<>();
		JsonNode errors = problem.path("errors");
		if (errors.isArray()) {
			for (JsonNode error : errors) {
				if (error.isObject()) {
					String field = error.path("field").asString("").trim();
					String message = error.path("message").asString("").trim();
					parts.add(field.isEmpty() ? message : field + ": " + message);
				}
			}
		}
		if (parts.isEmpty() && problem.hasNonNull("detail")) {
			parts.add(problem.path("detail").asString(""));
		}
		return parts.isEmpty() ? "" : ": " + clip(String.join("; ", parts));
	}

	private static String said(JsonNode problem) {
		JsonNode detail = problem.hasNonNull("detail") ? problem.get("detail") : problem.path("title");
		String text = detail.asString("").trim();
		return text.isEmpty() ? "" : " (gateway said: " + clip(text) + ")";
	}

	private static String clip(String text) {
		return (text.length() > 500) ? text.substring(0, 500) + "…" : text;
	}

	private static JsonNode json(String body) {
		try {
			JsonNode node = LifecycleEventJson.mapper().readTree(body);
			return (node != null && node.isObject()) ? node : LifecycleEventJson.mapper().createObjectNode();
		}
		catch (JacksonException ex) {
			return LifecycleEventJson.mapper().createObjectNode();
		}
	}

	/** Seconds from a Retry-After header (delta-seconds or HTTP date), or null. */
	private Long retryAfterSeconds(HttpResponse<String> response) {
		String value = response.headers().firstValue("Retry-After").map(String::trim).orElse("");
		if (value.isEmpty()) {
			return null;
		}
		if (value.matches("\\d{1,9}")) {
			return Long.parseLong(value);
		}
		try {
			Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return Math.max(0, Duration.between(this.clock.instant(), when).toSeconds());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** What curl would say of a failed exchange: the innermost message. */
	private static String describe(IOException ex) {
		if (ex instanceof HttpTimeoutException) {
			return "timed out: " + ex.getMessage();
		}
		Throwable cause = ex;
		String message = null;
		while (cause != null) {
			if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
				message = cause.getMessage();
			}
			cause = cause.getCause();
		}
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

}
