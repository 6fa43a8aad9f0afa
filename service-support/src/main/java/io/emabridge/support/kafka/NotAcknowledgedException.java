package io.emabridge.support.kafka;

/**
 * Kafka did not acknowledge a record in time, or refused it: the caller must not treat
 * the record as published. An {@link IllegalStateException}, as the workers' publishers
 * threw before they shared {@link AcknowledgedSender}, so their retry and dead-letter
 * handling sees the same type.
 */
public class NotAcknowledgedException extends IllegalStateException {

	public NotAcknowledgedException(String message, Throwable cause) {
		super(message, cause);
	}

}
