package io.emabridge.provisioning.lifecycle;

import io.emabridge.provisioning.failure.DeadLetter;

/**
 * Hands an applier's dead letter to the {@code DeadLetterPublishingRecoverer}, which
 * takes an exception: its class and message become the standard exception headers, its
 * {@link #letter()} our own.
 */
final class DeadLetteredException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient DeadLetter letter;

	DeadLetteredException(DeadLetter letter) {
		super(letter.message(), null, false, false);
		this.letter = letter;
	}

	DeadLetter letter() {
		return this.letter;
	}

}
