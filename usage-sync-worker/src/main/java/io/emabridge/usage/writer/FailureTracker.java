package io.emabridge.usage.writer;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Attempts and failure times of the records being retried right now, for the dead-letter
 * headers. The error handler retries a record in place, so an entry lives only until the
 * record is written or dead-lettered.
 */
class FailureTracker {

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	private final Clock clock;

	FailureTracker(Clock clock) {
		this.clock = clock;
	}

	void failed(ConsumerRecord<?, ?> record) {
		Instant now = this.clock.instant();
		this.failures.merge(key(record), new Failures(1, now, now),
				(old, fresh) -> new Failures(old.attempts() + 1, old.first(), now));
	}

	/** The record's failures so far, forgotten from here on. */
	Failures take(ConsumerRecord<?, ?> record) {
		Failures taken = this.failures.remove(key(record));
		Instant now = this.clock.instant();
		return (taken != null) ? taken : new Failures(1, now, now);
	}

	void forget(ConsumerRecord<?, ?> record) {
		this.failures.remove(key(record));
	}

	private static String key(ConsumerRecord<?, ?> record) {
		return record.topic() + "/" + record.partition() + "@" + record.offset();
	}

	record Failures(int attempts, Instant first, Instant last) {
	}

}
