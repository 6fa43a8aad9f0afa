package io.emabridge.model.lifecycle;

/**
 * One way in which a lifecycle event breaks its JSON Schema, in words an operator can act
 * on.
 *
 * @param field JSON pointer of the offending value ({@code /serviceId},
 * {@code /client/email}); {@code ""} for the document as a whole, e.g. when it is not
 * JSON at all
 * @param message what is wrong with it
 */
public record Violation(String field, String message) {

	@Override
	public String toString() {
		return (this.field.isEmpty() ? "(document)" : this.field) + ": " + this.message;
	}
}
