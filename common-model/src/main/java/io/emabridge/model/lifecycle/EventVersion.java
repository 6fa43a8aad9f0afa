package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * Orders a service's events: the time WHMCS produced them, ties broken by event id, so
 * that every worker agrees on which of two events is newer.
 */
public record EventVersion(Instant occurredAt, UUID eventId) implements Comparable<EventVersion> {

	private static final Comparator<EventVersion> ORDER = Comparator.comparing(EventVersion::occurredAt)
		.thenComparing(EventVersion::eventId);

	public EventVersion {
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(eventId, "eventId");
	}

	public boolean isNewerThan(EventVersion other) {
		return other == null || compareTo(other) > 0;
	}

	@Override
	public int compareTo(EventVersion other) {
		return ORDER.compare(this, other);
	}
}
