package io.emabridge.provisioning.welcome;

/** What the mailer needs from WHMCS. */
interface WelcomeSender {

	/** Sends the product template for the service with the archive variables. */
	Outcome send(String template, long serviceId, String slug, String url);

	/**
	 * Writes a line into WHMCS's Activity Log; best effort: a failure is logged and
	 * forgotten.
	 */
	void tell(String line);

	/** What came of a {@code SendEmail}. */
	sealed interface Outcome {

	}

	/** WHMCS answered success. */
	record Sent() implements Outcome {
	}

	/**
	 * WHMCS cannot have sent it: it answered with an error, refused the request before
	 * running it, or was never reached.
	 */
	record NotSent(String reason) implements Outcome {
	}

	/**
	 * The request went out and no answer came that says what happened (a timeout, a
	 * dropped connection, a server error).
	 */
	record Unknown(String reason) implements Outcome {
	}

}
