package io.emabridge.sandbox.whmcs;

import java.time.Instant;
import java.util.List;

/**
 * A support ticket opened through the API.
 *
 * @param tid the public ticket number; {@code c} is its access key
 */
public record WhmcsTicket(long id, String tid, String c, int deptId, Long clientId, Long serviceId, String name,
		String email, String subject, String message, String priority, String status, Instant created,
		List<WhmcsTicketReply> replies) {

	public WhmcsTicket {
		replies = List.copyOf(replies);
	}
}
