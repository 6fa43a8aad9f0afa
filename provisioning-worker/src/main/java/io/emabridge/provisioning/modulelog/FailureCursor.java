package io.emabridge.provisioning.modulelog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a reader of the failure log stands: the recording transaction and the failure's
 * number, {@code <xid>.<id>} on the wire. Opaque to the module, which only hands it back
 * and compares it.
 */
record FailureCursor(long xid, long id) {

	static final FailureCursor START = new FailureCursor(0, 0);

	private static final Pattern WIRE = Pattern.compile("(\\d{1,18})\\.(\\d{1,18})");

	/** The cursor in {@code text}, or empty when it is not one. */
	static Optional<FailureCursor> parse(String text) {
		Matcher matcher = WIRE.matcher(text);
		return matcher.matches()
				? Optional.of(new FailureCursor(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))))
				: Optional.empty();
	}

	@Override
	public String toString() {
		return this.xid + "." + this.id;
	}

}
