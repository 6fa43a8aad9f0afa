package io.emabridge.usage.writer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.usage.failure.DeadLetterReason;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Our headers on dead letters, next to spring-kafka's standard {@code kafka_dlt-*} ones (exception class and
 * message, original topic, partition, offset and timestamp): the same names and formats as the provisioning worker's,
 * so one replay tool reads both.
 */
public final class DeadLetterHeaders {

	/** Why: a short value from a closed set ({@code invalid_snapshot}, {@code whmcs_rejected}, ...). */
	public static final String REASON = "ema_dlt_reason";

	/** How many times writing was tried. */
	public static final String ATTEMPTS = "ema_dlt_attempts";

	/** When the first attempt failed, RFC 3339. */
	public static final String FIRST_FAILURE = "ema_dlt_first_failure";

	/** When the last attempt failed, RFC 3339. */
	public static final String LAST_FAILURE = "ema_dlt_last_failure";

	private DeadLetterHeaders() {
	}

	static Headers of(DeadLetterReason reason, int attempts, Instant firstFailure, Instant lastFailure) {
		Headers headers = new RecordHeaders();
		headers.add(REASON, bytes(reason.value()));
		headers.add(ATTEMPTS, bytes(Integer.toString(attempts)));
		headers.add(FIRST_FAILURE, bytes(LifecycleEventJson.formatInstant(firstFailure)));
		headers.add(LAST_FAILURE, bytes(LifecycleEventJson.formatInstant(lastFailure)));
		return headers;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}
}
