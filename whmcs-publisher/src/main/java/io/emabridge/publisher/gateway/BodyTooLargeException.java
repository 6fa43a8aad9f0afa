package io.emabridge.publisher.gateway;

/** The request body is over the gateway's limit; answered with 413. */
class BodyTooLargeException extends RuntimeException {

	private final int limit;

	BodyTooLargeException(int limit) {
		super("Request body exceeds the limit of " + limit + " bytes");
		this.limit = limit;
	}

	int limit() {
		return this.limit;
	}

}
