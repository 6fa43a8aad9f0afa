package io.emabridge.publisher.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Every meter of the gateway, declared here and nowhere else. Counters for all outcomes
 * are registered up front so that dashboards see zeros rather than missing series.
 */
@Component
public class GatewayMetrics {

	private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);

	private final Timer kafkaAck;

	GatewayMetrics(MeterRegistry registry) {
		for (Outcome outcome : Outcome.values()) {
			this.requests.put(outcome,
					Counter.builder("ema.gateway.requests")
						.description("Requests to the gateway's API, by outcome")
						.tag("outcome", outcome.tag())
						.register(registry));
		}
		this.kafkaAck = Timer.builder("ema.gateway.kafka.ack")
			.description("Time from handing a record to the producer until Kafka acknowledged it (acks=all)")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
	}

	public void request(Outcome outcome) {
		this.requests.get(outcome).increment();
	}

	public void kafkaAck(long nanos) {
		this.kafkaAck.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** What became of a request; a closed set so that the label stays bounded. */
	public enum Outcome {

		/** Kafka acknowledged the event. */
		ACCEPTED,
		/**
		 * The same signed request again, already accepted or being published: answered as
		 * that one was, not published again.
		 */
		REPLAYED,
		/** The body is not a valid lifecycle event. */
		INVALID,
		/** The signature is missing, malformed, expired or wrong. */
		UNAUTHORIZED,
		/** The body exceeds the size limit. */
		TOO_LARGE,
		/** The body is not declared as JSON. */
		UNSUPPORTED_MEDIA_TYPE,
		/** Kafka did not acknowledge in time. */
		UNAVAILABLE;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
