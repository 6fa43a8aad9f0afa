package io.emabridge.deadletters.letter;

/**
 * Header names a dead letter may carry: spring-kafka's standard {@code kafka_dlt-*} ones, the workers' own
 * {@code ema_dlt_*} ones, the CloudEvents attributes of the original record, and what a replay adds.
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

	public static final String REASON = "ema_dlt_reason";

	public static final String ATTEMPTS = "ema_dlt_attempts";

	public static final String FIRST_FAILURE = "ema_dlt_first_failure";

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

	private DltHeaders() {
	}
}
