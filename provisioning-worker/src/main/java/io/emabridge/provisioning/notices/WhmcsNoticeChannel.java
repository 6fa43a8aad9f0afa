package io.emabridge.provisioning.notices;

import java.util.Map;
import java.util.function.Supplier;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.provisioning.whmcs.WhmcsCalls;

/**
 * The notices' WHMCS port over the shared API client. Tickets are opened under the
 * operator's name and address with no client id, so that the customer neither sees nor is
 * mailed an internal failure; WHMCS is asked not to mail the opener a confirmation
 * ({@code noemail}), the department's own staff notifications still go out. No
 * {@code serviceid} either: WHMCS looks a ticket's service up among the ticket client's
 * services, which a ticket without a client has none of; the subject names the service
 * instead. Every call is timed like the write-back's and every failure classified.
 */
class WhmcsNoticeChannel implements NoticeChannel {

	private final WhmcsApiClient api;

	private final NoticeProperties properties;

	private final WorkerMetrics metrics;

	WhmcsNoticeChannel(WhmcsApiClient api, NoticeProperties properties, WorkerMetrics metrics) {
		this.api = api;
		this.properties = properties;
		this.metrics = metrics;
	}

	@Override
	public void logActivity(String description, Long clientId) {
		timed("LogActivity", () -> {
			this.api.logActivity(description, clientId);
			return null;
		});
	}

	@Override
	public OpenedTicket openTicket(long serviceId, String subject, String message) {
		WhmcsApiClient.OpenedTicket ticket = timed("OpenTicket",
				() -> this.api.openTicket(new WhmcsApiClient.NewTicket(this.properties.departmentId(), subject, message,
						null, this.properties.ticketName(), this.properties.ticketEmail(), null,
						this.properties.priority(), true, true)));
		return new OpenedTicket(ticket.id(), ticket.number());
	}

	@Override
	public java.util.Optional<OpenedTicket> findTicket(String marker) {
		return timed("GetTickets", () -> this.api.findTickets(marker, this.properties.departmentId())).stream()
			.findFirst()
			.map((ticket) -> new OpenedTicket(ticket.id(), ticket.number()));
	}

	@Override
	public void replyToTicket(long ticketId, String message, boolean close) {
		timed("AddTicketReply", () -> {
			this.api.addTicketReply(new WhmcsApiClient.TicketReply(ticketId, message, this.properties.replyAs(),
					close ? "Closed" : null, true, true));
			return null;
		});
	}

	@Override
	public void appendNote(long serviceId, String line) {
		// WHMCS replaces the notes as a whole: read them, and add the line unless a retry
		// finds it there already
		String notes = timed("GetClientsProducts", () -> this.api.serviceNotes(serviceId))
			.orElseThrow(() -> ProvisioningFailure.permanent(DeadLetterReason.WHMCS_REJECTED,
					"WHMCS has no service #" + serviceId + " to note the failure on", null));
		if (notes.contains(line)) {
			return;
		}
		String appended = notes.isBlank() ? line : notes.stripTrailing() + "\n" + line;
		timed("UpdateClientProduct", () -> {
			this.api.updateClientProduct(serviceId, Map.of("notes", appended), null);
			return null;
		});
	}

	private <T> T timed(String action, Supplier<T> call) {
		return WhmcsCalls.timed(this.metrics, action, call);
	}

}
