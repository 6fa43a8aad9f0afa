package io.emabridge.publisher.gateway;

import java.util.List;

import io.emabridge.model.lifecycle.Violation;

/** The body is not a valid lifecycle event; answered with 400 listing the violations. */
class InvalidEventBodyException extends RuntimeException {

	private final List<Violation> violations;

	InvalidEventBodyException(List<Violation> violations) {
		super("The body is not a valid lifecycle event");
		this.violations = List.copyOf(violations);
	}

	List<Violation> violations() {
		return this.violations;
	}

}
