package io.emabridge.publisher.kafka;

/**
 * Kafka did not acknowledge a record within the publish timeout. The event may or may not
 * have been stored, so the caller must send it again later; that is safe because
 * consumers drop repeated event ids. The gateway answers 503 with {@code Retry-After}.
 */
public class KafkaUnavailableException extends RuntimeException {

	public KafkaUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
