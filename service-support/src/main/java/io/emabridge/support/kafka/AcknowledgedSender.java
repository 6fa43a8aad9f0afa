package io.emabridge.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Sends records and waits, at most a timeout, for Kafka's acknowledgement: the one place
 * where a service turns "sent" into "Kafka has it" (the gateway before it answers 202,
 * the workers before they record a state or a snapshot as published). Whatever goes wrong
 * (no acknowledgement in time, a failed send, a producer that cannot even queue the
 * record, an interrupt) comes out as one {@link NotAcknowledgedException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class AcknowledgedSender<K, V> {

	private final KafkaOperations<K, V> kafka;

	private final Duration timeout;

	public AcknowledgedSender(KafkaOperations<K, V> kafka, Duration timeout) {
		this.kafka = kafka;
		this.timeout = timeout;
	}

	/**
	 * Sends {@code record} and returns once Kafka acknowledged it, within the timeout
	 * counted from this call: {@code send()} itself may block waiting for metadata, and
	 * the wait for the acknowledgement gets what is left.
	 * @throws NotAcknowledgedException when Kafka did not acknowledge it in time
	 */
	public RecordMetadata send(ProducerRecord<K, V> record) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		CompletableFuture<SendResult<K, V>> sent;
		try {
			sent = this.kafka.send(record);
		}
		catch (RuntimeException ex) {
			throw notAcknowledged(ex);
		}
		return await(sent, deadline).getRecordMetadata();
	}

	/**
	 * Sends every record at once without waiting; the answer waits for all their
	 * acknowledgements, so that a caller can do other work (read the next page) in
	 * between.
	 * @throws NotAcknowledgedException when a record cannot even be queued
	 */
	public Pending sendAll(List<ProducerRecord<K, V>> records) {
		List<CompletableFuture<SendResult<K, V>>> sent = new ArrayList<>(records.size());
		try {
			for (ProducerRecord<K, V> record : records) {
				sent.add(this.kafka.send(record));
			}
		}
		catch (RuntimeException ex) {
			throw notAcknowledged(ex);
		}
		CompletableFuture<Void> all = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
		return () -> await(all, System.nanoTime() + this.timeout.toNanos());
	}

	public Duration timeout() {
		return this.timeout;
	}

	private <T> T await(CompletableFuture<T> future, long deadline) {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw notAcknowledged(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw notAcknowledged(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw notAcknowledged(ex);
		}
	}

	private NotAcknowledgedException notAcknowledged(Throwable cause) {
		return new NotAcknowledgedException(
				"not acknowledged by Kafka within " + this.timeout.toMillis() + " ms: " + cause, cause);
	}

	/** The acknowledgements of records sent together. */
	@FunctionalInterface
	public interface Pending {

		/**
		 * Returns once Kafka acknowledged every record, waiting at most the timeout from
		 * this call.
		 * @throws NotAcknowledgedException when one was not acknowledged in time
		 */
		void await();

	}

}
