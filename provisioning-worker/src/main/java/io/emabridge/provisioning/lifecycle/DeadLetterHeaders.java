package io.emabridge.provisioning.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.applier.DeadLetterSink.DeadLetter;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Our headers on dead letters, next to spring-kafka's standard {@code kafka_dlt-*} ones (exception class and
 * message, original topic, partition, offset and timestamp).
 */
public final class DeadLetterHeaders {

	/** Why: a short value from a closed set ({@code invalid_event}, {@code archive_unauthorized}, ...). */
	public static final String REASON = "ema_dlt_reason";

	/** How many times applying was tried. */
	public static final String ATTEMPTS = "ema_dlt_attempts";

	/** When the first attempt failed, RFC 3339. */
	public static final String FIRST_FAILURE = "ema_dlt_first_failure";

	/** When the last attempt failed, RFC 3339. */
	public static final String LAST_FAILURE = "ema_dlt_last_failure";

	private DeadLetterHeaders() {
	}

	static Headers of(DeadLetter letter) {
		Headers headers = new RecordHeaders();
		headers.add(REASON, bytes(letter.reason().value()));
		headers.add(ATTEMPTS, bytes(Integer.toString(letter.attempts())));
		headers.add(FIRST_FAILURE, bytes(time(letter.firstFailure())));
		headers.add(LAST_FAILURE, bytes(time(letter.lastFailure())));
		return headers;
	}

	private static String time(Instant instant) {
		return LifecycleEventJson.formatInstant(instant);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}
}
