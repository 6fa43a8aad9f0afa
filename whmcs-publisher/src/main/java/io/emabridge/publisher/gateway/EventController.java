package io.emabridge.publisher.gateway;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.InvalidEventException;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.TextRules;
import io.emabridge.model.lifecycle.Violation;
import io.emabridge.publisher.config.GatewayProperties;
import io.emabridge.publisher.gateway.ReplayGuard.Answer;
import io.emabridge.publisher.kafka.EventPublisher;
import io.emabridge.publisher.kafka.Published;
import io.emabridge.publisher.metrics.GatewayMetrics;
import io.emabridge.publisher.metrics.GatewayMetrics.Outcome;

/**
 * Takes one lifecycle event from the WHMCS module. By the time a request gets here its
 * signature has been checked over the raw body; the body is then validated against the
 * schema and the text rules (no control characters, no lone surrogates) and forwarded
 * byte for byte, so the record on the topic is exactly what the module signed. Each
 * signed request is published once ({@link ReplayGuard}).
 */
@RestController
class EventController {

	static final String PATH = "/api/whmcs/events";

	private final EventPublisher publisher;

	private final GatewayMetrics metrics;

	private final ReplayGuard replays;

	EventController(EventPublisher publisher, GatewayMetrics metrics, GatewayProperties properties) {
		this.publisher = publisher;
		this.metrics = metrics;
		this.replays = new ReplayGuard(properties.replayCacheSize(), properties.timestampTolerance());
	}

	// produces: a caller that cannot take JSON is refused before anything is published,
	// not after. The body and the signature are the filter's request attributes, read
	// here directly: as @RequestBody the body would be read again through the message
	// converters, and a @RequestAttribute byte[] is copied through the conversion service
	// element by element, on every request.
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Accepted> publish(HttpServletRequest request) {
		byte[] body = (byte[]) request.getAttribute(SignedRequestFilter.VERIFIED_BODY);
		byte[] raw = (body != null) ? body : new byte[0];
		byte[] signature = (byte[]) request.getAttribute(SignedRequestFilter.VERIFIED_SIGNATURE);
		Answer answer = this.replays.once(signature, () -> validateAndPublish(raw));
		this.metrics.request(answer.replayed() ? Outcome.REPLAYED : Outcome.ACCEPTED);
		return ResponseEntity.accepted().body(answer.accepted());
	}

	/**
	 * Parses the body once; the schema, the text rules and the reading of the event all
	 * work on that one document.
	 */
	private Accepted validateAndPublish(byte[] raw) {
		LifecycleEvent event;
		try {
			JsonNode document = LifecycleEventJson.parse(raw);
			List<Violation> violations = LifecycleEventJson.validateDocument(document);
			if (violations.isEmpty()) {
				violations = TextRules.check(document);
			}
			if (!violations.isEmpty()) {
				throw new InvalidEventBodyException(violations);
			}
			event = LifecycleEventJson.readDocument(document);
		}
		catch (InvalidEventException ex) {
			throw new InvalidEventBodyException(List.of(new Violation("", ex.getMessage())));
		}
		Published published = this.publisher.publish(event, raw);
		return new Accepted(event.eventId().toString(), published.topic(), published.partition(), published.offset());
	}

	/** The answer to an acknowledged event: where Kafka stored it. */
	record Accepted(String eventId, String topic, int partition, long offset) {
	}

}
