package io.emabridge.model.lifecycle;

/**
 * Bytes that cannot become a {@link LifecycleEvent}. Unchecked so that a consumer can let
 * it reach its error handler and send the record to the dead-letter topic with this
 * message as the reason.
 */
public class InvalidEventException extends RuntimeException {

	public InvalidEventException(String message) {
		super(message);
	}

	public InvalidEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
