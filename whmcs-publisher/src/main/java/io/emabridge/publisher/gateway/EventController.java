package io.emabridge.publisher.gateway;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

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
	// not after
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Accepted> publish(@RequestBody(required = false) byte[] body,
			@RequestAttribute(name = SignedRequestFilter.VERIFIED_SIGNATURE, required = false) byte[] signature) {
		byte[] raw = (body != null) ? body : new byte[0];
		Answer answer = this.replays.once(signature, () -> validateAndPublish(raw));
		this.metrics.request(answer.replayed() ? Outcome.REPLAYED : Outcome.ACCEPTED);
		return ResponseEntity.accepted().body(answer.accepted());
	}

	private Accepted validateAndPublish(byte[] raw) {
		List<Violation> violations = LifecycleEventJson.validate(raw);
		if (violations.isEmpty()) {
			violations = TextRules.check(raw);
		}
		if (!violations.isEmpty()) {
			throw new InvalidEventBodyException(violations);
		}
		LifecycleEvent event;
		try {
			event = LifecycleEventJson.read(raw);
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
