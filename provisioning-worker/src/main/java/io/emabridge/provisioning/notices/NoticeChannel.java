package io.emabridge.provisioning.notices;

import io.emabridge.provisioning.failure.ProvisioningFailure;

/**
 * What the notifier needs from WHMCS. Throws {@link ProvisioningFailure}: retriable when
 * WHMCS may take the same call later, permanent when it refuses it for good (an unknown
 * department, for instance).
 */
interface NoticeChannel {

	/**
	 * A line in the admin activity log, for the client when {@code clientId} is not null.
	 */
	void logActivity(String description, Long clientId);

	/**
	 * Opens a ticket about the service, in the configured department and under the
	 * operator's name.
	 */
	OpenedTicket openTicket(long serviceId, String subject, String message);

	/**
	 * The ticket whose subject carries {@code marker}, if WHMCS has one: a ticket opened
	 * by a request whose answer was lost.
	 */
	java.util.Optional<OpenedTicket> findTicket(String marker);

	/** Answers a ticket as staff, and closes it when {@code close}. */
	void replyToTicket(long ticketId, String message, boolean close);

	/** Appends a line to the service's admin notes, keeping what they held. */
	void appendNote(long serviceId, String line);

	/** A ticket WHMCS opened: its id for the API, its number for people. */
	record OpenedTicket(long id, String number) {
	}

}
