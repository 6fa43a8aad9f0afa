package io.emabridge.publisher.gateway;

import java.util.List;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.emabridge.model.lifecycle.InvalidEventException;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.TextRules;
import io.emabridge.model.lifecycle.Violation;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.publisher.config.GatewayProperties;
import io.emabridge.publisher.kafka.EventPublisher;
import io.emabridge.publisher.kafka.Published;
import io.emabridge.publisher.metrics.GatewayMetrics;
import io.emabridge.publisher.metrics.GatewayMetrics.Outcome;

/**
 * Takes one lifecycle event from the WHMCS module. By the time a request gets here its
 * signature has been checked over the raw body; the body is then validated against the
 * schema and the text rules (no control characters, no lone surrogates) and forwarded
 * byte for byte, so the record on the topic is exactly what the module signed.
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
			@RequestHeader(RequestSignature.SIGNATURE_HEADER) String signature) {
		Optional<Accepted> previous = this.replays.previous(signature);
		if (previous.isPresent()) {
			this.metrics.request(Outcome.REPLAYED);
			return ResponseEntity.accepted().body(previous.get());
		}
		byte[] raw = (body != null) ? body : new byte[0];
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
		this.metrics.request(Outcome.ACCEPTED);
		Accepted accepted = new Accepted(event.eventId().toString(), published.topic(), published.partition(),
				published.offset());
		this.replays.remember(signature, accepted);
		return ResponseEntity.accepted().body(accepted);
	}

	/** The answer to an acknowledged event: where Kafka stored it. */
	record Accepted(String eventId, String topic, int partition, long offset) {
	}

}
