package io.emabridge.publisher.gateway;

import io.emabridge.model.signing.RequestSignature.Verdict;

/**
 * The request is not signed with a current secret; answered with 401 and the verdict's
 * message.
 */
class SignatureRejectedException extends RuntimeException {

	private final Verdict verdict;

	SignatureRejectedException(Verdict verdict) {
		super(verdict.message());
		this.verdict = verdict;
	}

	Verdict verdict() {
		return this.verdict;
	}

}
