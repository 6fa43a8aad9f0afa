package io.emabridge.sandbox.whmcs;

import java.time.Instant;

/**
 * A reply added to a ticket with {@code AddTicketReply}; {@code adminUsername} is set for
 * staff replies.
 */
public record WhmcsTicketReply(Instant time, String message, Long clientId, String adminUsername, String name,
		String email) {
}
