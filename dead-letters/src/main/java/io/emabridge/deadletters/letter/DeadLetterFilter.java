package io.emabridge.deadletters.letter;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Which dead letters an operator means. Every criterion given must match; an empty filter
 * matches everything.
 *
 * @param services service ids (any of them)
 * @param types event types, as on the wire ({@code service.suspend}) or short
 * ({@code suspend}); any of them
 * @param reason a part of the reason, case-insensitive
 * @param eventIds event ids (any of them)
 * @param since dead-lettered at or after
 * @param until dead-lettered before
 */
public record DeadLetterFilter(Set<String> services, Set<String> types, String reason, Set<String> eventIds,
		Instant since, Instant until) {

	public static final DeadLetterFilter ALL = new DeadLetterFilter(Set.of(), Set.of(), null, Set.of(), null, null);

	public DeadLetterFilter {
		services = (services != null) ? Set.copyOf(services) : Set.of();
		types = (types != null) ? Set.copyOf(types) : Set.of();
		eventIds = (eventIds != null) ? Set.copyOf(eventIds) : Set.of();
		reason = (reason != null && !reason.isBlank()) ? reason : null;
		if (since != null && until != null && !since.isBefore(until)) {
			throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
		}
	}

	/** Whether nothing narrows the selection. */
	public boolean isEmpty() {
		return this.services.isEmpty() && this.types.isEmpty() && this.reason == null && this.eventIds.isEmpty()
				&& this.since == null && this.until == null;
	}

	public boolean matches(DeadLetter letter) {
		return (this.services.isEmpty() || this.services.contains(letter.serviceId()))
				&& (this.types.isEmpty() || typeMatches(letter.eventType()))
				&& (this.reason == null || lower(letter.reason()).contains(lower(this.reason)))
				&& (this.eventIds.isEmpty() || this.eventIds.contains(letter.eventId()))
				&& (this.since == null || !letter.timestamp().isBefore(this.since))
				&& (this.until == null || letter.timestamp().isBefore(this.until));
	}

	private boolean typeMatches(String type) {
		if (type == null) {
			return false;
		}
		for (String wanted : this.types) {
			if (type.equals(wanted) || type.endsWith("." + wanted)) {
				return true;
			}
		}
		return false;
	}

	private static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}
}
