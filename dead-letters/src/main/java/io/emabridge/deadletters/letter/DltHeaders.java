package io.emabridge.deadletters.letter;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Header names a dead letter may carry: spring-kafka's standard {@code kafka_dlt-*} ones,
 * the workers' own {@code ema_dlt_*} ones, the CloudEvents attributes of the original
 * record, and what a replay adds.
 */
public final class DltHeaders {

	public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";

	public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";

	public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

	public static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";

	public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";

	public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

	/** Every header spring-kafka's recoverer adds starts with this. */
	public static final String SPRING_PREFIX = "kafka_dlt-";

	/**
	 * Why: a short value from a closed set ({@code invalid_event},
	 * {@code archive_unauthorized}, ...).
	 */
	public static final String REASON = "ema_dlt_reason";

	/** How many times applying (or writing) was tried. */
	public static final String ATTEMPTS = "ema_dlt_attempts";

	/** When the first attempt failed, RFC 3339. */
	public static final String FIRST_FAILURE = "ema_dlt_first_failure";

	/** When the last attempt failed, RFC 3339. */
	public static final String LAST_FAILURE = "ema_dlt_last_failure";

	/** Every header the workers add to a dead letter starts with this. */
	public static final String EMA_PREFIX = "ema_dlt_";

	public static final String CE_ID = "ce_id";

	public static final String CE_TYPE = "ce_type";

	public static final String CE_SUBJECT = "ce_subject";

	/** How many times the record was replayed, this time included. */
	public static final String REPLAY_COUNT = "ema_replay_count";

	/** Why the operator replayed it. */
	public static final String REPLAY_REASON = "ema_replay_reason";

	/** The dead letter it was replayed from, {@code topic/partition/offset}. */
	public static final String REPLAYED_FROM = "ema_replayed_from";

	/**
	 * The workers' own headers on a dead letter, set next to spring-kafka's
	 * {@code kafka_dlt-*} ones: the same names and formats from every worker, so that one
	 * replay tool reads them all.
	 * @param firstFailure when the first attempt failed, RFC 3339
	 * @param lastFailure when the last attempt failed, RFC 3339
	 */
	public static Headers failure(String reason, int attempts, String firstFailure, String lastFailure) {
		Headers headers = new RecordHeaders();
		headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
		headers.add(ATTEMPTS, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
		headers.add(FIRST_FAILURE, firstFailure.getBytes(StandardCharsets.UTF_8));
		headers.add(LAST_FAILURE, lastFailure.getBytes(StandardCharsets.UTF_8));
		return headers;
	}

	private DltHeaders() {
	}

}
