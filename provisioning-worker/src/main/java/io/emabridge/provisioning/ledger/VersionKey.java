package io.emabridge.provisioning.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import io.emabridge.model.lifecycle.EventVersion;

/**
 * An event version as text that sorts, byte by byte, exactly as {@link EventVersion}
 * orders: so that SQL can compare versions the way every instance does in Java.
 * PostgreSQL compares UUIDs as unsigned bytes while Java compares their two halves as
 * signed numbers; each number here is written as fixed-width hex with its sign bit
 * flipped, which turns signed order into byte order.
 */
final class VersionKey {

	private static final HexFormat HEX = HexFormat.of();

	private VersionKey() {
	}

	/**
	 * 48 hex digits: the time in microseconds since the epoch, then the event id's two
	 * halves.
	 */
	static String of(EventVersion version) {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, version.occurredAt());
		return HEX.toHexDigits(micros ^ Long.MIN_VALUE)
				+ HEX.toHexDigits(version.eventId().getMostSignificantBits() ^ Long.MIN_VALUE)
				+ HEX.toHexDigits(version.eventId().getLeastSignificantBits() ^ Long.MIN_VALUE);
	}

}
