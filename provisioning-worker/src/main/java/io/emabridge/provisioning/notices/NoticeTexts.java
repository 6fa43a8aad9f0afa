package io.emabridge.provisioning.notices;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.emabridge.provisioning.failure.DeadLetterReason;

/**
 * Everything a notice says, in words an administrator understands: what failed, why, what
 * to fix, and the exact command that replays the failed events once it is fixed.
 * <p>
 * The activity log lines are a contract with the WHMCS module's admin tab, which reads
 * them back:
 * {@code Easy Mail Archive: service #<id> failed (<reason>): <plain words>. Replay once fixed: <command>}
 * and
 * {@code Easy Mail Archive: service #<id> recovered: <what was applied>; the failure (<reason>) is resolved}.
 *
 * @param dltCommand how the operator runs the {@code dlt} command
 * @param bootstrapServers the brokers, as the operator reaches them
 * @param dltTopic the worker's dead-letter topic
 * @param adminUrl the worker's admin endpoint base, as the operator reaches it
 */
record NoticeTexts(String dltCommand, String bootstrapServers, String dltTopic, URI adminUrl) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** What went wrong and what to fix, as one clause without a closing full stop. */
	static String plainWords(DeadLetterReason reason) {
		return switch (reason) {
			case ARCHIVE_UNAUTHORIZED ->
				"the archive refused the reseller API key; fix EMA_ARCHIVE_API_KEY on the" + " worker and restart it";
			case ARCHIVE_REJECTED -> "the archive refused the request and retrying cannot change that; read the error,"
					+ " then correct the service in WHMCS (domain, requested archive name, product options)";
			case TENANT_NOT_FOUND -> "the archive no longer has this service's tenant under the reseller API key;"
					+ " check at Easy Mail Archive whether it was deleted or belongs to another reseller key";
			case SLUG_TAKEN -> "the archive name the customer asked for is taken and the product allows no other;"
					+ " agree on another name with the customer and set it on the service";
			case SLUG_EXHAUSTED -> "every archive name tried for this service was taken or refused; set a requested"
					+ " name on the service, or allow more alternatives (ema.worker.max-slug-alternatives)";
			case RETRIES_EXHAUSTED -> "the archive kept failing (timeouts, server errors or rate limits) for longer"
					+ " than the worker waits; check the archive's status and the worker's network";
			case INVALID_EVENT -> "WHMCS sent an event the worker cannot accept; check that the WHMCS module and the"
					+ " gateway are the same version, and the event's error";
			case UNDESERIALIZABLE -> "a record on the lifecycle topic could not be read at all; find what wrote it"
					+ " (the gateway writes only valid events) and replay only once it is corrected";
			case WHMCS_REJECTED -> "WHMCS refused the worker's update; check the worker's WHMCS API credentials and"
					+ " that the service exists";
			case WAITING_FOR_CREATE -> "WHMCS changed this service, but its create never reached the worker and no"
					+ " archive tenant is known to be its own; if the old module provisioned it, set its Archive slug"
					+ " field to its tenant and adopt it with the reconcile command, else run the module's Create";
			case ARCHIVE_KEY_REFUSED -> "the archive refuses the reseller API key for every call, so provisioning is"
					+ " paused for all services and nothing is dead-lettered; set the working key in"
					+ " EMA_ARCHIVE_API_KEY on every worker";
		};
	}

	/**
	 * The {@code dlt} command that replays the service's dead letters, ready to paste.
	 */
	String replayCommand(long serviceId, DeadLetterReason reason) {
		return this.dltCommand + " replay --service " + serviceId + " --reason \"" + reason.value() + " fixed\""
				+ " --bootstrap-servers " + this.bootstrapServers + " --topic " + this.dltTopic;
	}

	/** The same replay over the worker's admin API. */
	String replayRequest(long serviceId, DeadLetterReason reason) {
		return "curl -H \"Authorization: Bearer $EMA_ADMIN_TOKEN\" -H 'Content-Type: application/json'"
				+ " -d '{\"service\":[\"" + serviceId + "\"],\"reason\":\"" + reason.value() + " fixed\",\"topic\":\""
				+ this.dltTopic + "\"}' " + adminBase() + "/admin/dead-letters/replay";
	}

	private String adminBase() {
		String base = this.adminUrl.toString();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/**
	 * What to run once the cause is fixed: a replay, or for a missing create the import.
	 */
	String remedy(Notice notice) {
		return switch (notice.reason()) {
			case WAITING_FOR_CREATE -> "java -jar provisioning-worker.jar reconcile --fix --url " + adminBase();
			case ARCHIVE_KEY_REFUSED -> "nothing; the workers probe the key and resume by themselves";
			default -> replayCommand(notice.serviceId(), notice.reason());
		};
	}

	/** The activity log line of a failure; with the ticket's number when one is open. */
	String failureLine(Notice notice) {
		String ticket = (notice.ticketNumber() != null) ? " Ticket #" + notice.ticketNumber() + "." : "";
		if (notice.installation()) {
			return "Easy Mail Archive: every service paused (" + notice.reason().value() + "): "
					+ plainWords(notice.reason()) + "; the workers resume by themselves once it works." + ticket;
		}
		return "Easy Mail Archive: service #" + notice.serviceId() + " failed (" + notice.reason().value() + "): "
				+ plainWords(notice.reason()) + ". Replay once fixed: " + remedy(notice) + ticket;
	}

	/** The activity log line of a recovery. */
	String recoveryLine(Notice notice) {
		if (notice.installation()) {
			return "Easy Mail Archive: every service resumed: the archive takes the reseller API key again; the"
					+ " failure (" + notice.reason().value() + ") is resolved";
		}
		return "Easy Mail Archive: service #" + notice.serviceId() + " recovered: " + applied(notice)
				+ "; the failure (" + notice.reason().value() + ") is resolved";
	}

	/**
	 * What the ticket's subject carries so that it can be found again after an answer was
	 * lost: no LIKE wildcards in it.
	 */
	static String marker(Notice notice) {
		return "[EMA-N" + notice.noticeId() + "]";
	}

	/** A failure as a line of the service's admin notes. */
	String failureNote(Notice notice) {
		return "[" + TIME.format(notice.lastFailureAt()) + "] " + failureLine(notice);
	}

	/** A recovery as a line of the service's admin notes. */
	String recoveryNote(Notice notice) {
		return "[" + TIME.format(notice.resolvedAt()) + "] " + recoveryLine(notice);
	}

	String ticketSubject(Notice notice) {
		if (notice.installation()) {
			return "Easy Mail Archive: the archive refuses the reseller API key " + marker(notice);
		}
		return "Easy Mail Archive: service #" + notice.serviceId() + " needs attention " + marker(notice);
	}

	/** The ticket's first message, in Markdown. */
	String ticketMessage(Notice notice) {
		if (notice.installation()) {
			return "The Easy Mail Archive bridge has paused provisioning for every service: "
					+ plainWords(notice.reason()) + ".\n\n**Last error:** " + notice.error() + "\n\n"
					+ "Nothing is dead-lettered and nothing needs replaying: once the key works, the workers notice"
					+ " it within a probe interval (ema.archive.key-check.probe-interval) and carry on with every"
					+ " waiting change. This ticket gets a reply then.\n";
		}
		if (notice.reason() == DeadLetterReason.WAITING_FOR_CREATE) {
			return "WHMCS changed service #" + notice.serviceId() + ", but the Easy Mail Archive bridge never"
					+ " received its create and owns no archive tenant for it, so the change waits.\n\n"
					+ failureDetails(notice) + "\nThis ticket gets a reply when the service's changes apply.\n";
		}
		return "The Easy Mail Archive bridge could not apply WHMCS's changes to service #" + notice.serviceId()
				+ ((notice.clientId() != null) ? " (client #" + notice.clientId() + ")" : "")
				+ " and has set them aside as dead letters.\n\n" + failureDetails(notice)
				+ "\nUntil then the service's archive stays as it was; a newer change to the service is applied as"
				+ " soon as the cause is fixed. This ticket gets a reply when the service recovers.\n";
	}

	/** A reply to the open ticket: the service failed again. */
	String againMessage(Notice notice) {
		if (notice.installation()) {
			return "The archive still refuses the reseller API key.\n\n**Last error:** " + notice.error() + "\n";
		}
		return "Service #" + notice.serviceId() + " failed again.\n\n" + failureDetails(notice);
	}

	/** The closing reply: what succeeded, and when. */
	String recoveryMessage(Notice notice) {
		if (notice.installation()) {
			return "The archive takes the reseller API key again since " + TIME.format(notice.resolvedAt())
					+ ": provisioning resumed for every service. Closing this ticket.\n";
		}
		return "Service #" + notice.serviceId() + " recovered at " + TIME.format(notice.resolvedAt()) + ": "
				+ applied(notice) + ". The failure (`" + notice.reason().value()
				+ "`) is resolved; closing this ticket.\n";
	}

	private String failureDetails(Notice notice) {
		return "**Why** (`" + notice.reason().value() + "`): " + plainWords(notice.reason()) + ".\n\n" + "**Failed:** "
				+ types(notice.eventTypes()) + " (" + notice.failures() + " time"
				+ ((notice.failures() == 1) ? "" : "s") + " since " + TIME.format(notice.openedAt()) + ", last at "
				+ TIME.format(notice.lastFailureAt()) + ")\n\n" + "**Last error:** " + notice.error() + "\n\n"
				+ ((notice.reason() == DeadLetterReason.WAITING_FOR_CREATE)
						? "**Once its Archive slug field names its tenant, adopt it** (the report lists it as"
								+ " `untracked_service`):\n\n    " + remedy(notice) + "\n"
						: "**Once fixed, replay the failed events** with the dead-letter command:\n\n    "
								+ replayCommand(notice.serviceId(), notice.reason())
								+ "\n\nor through the worker's admin API:\n\n    "
								+ replayRequest(notice.serviceId(), notice.reason()) + "\n");
	}

	private static String applied(Notice notice) {
		String status = "the archive tenant is "
				+ ((notice.resolvedStatus() != null) ? notice.resolvedStatus() : "up to date");
		return notice.resolvedEvents().isEmpty() ? status
				: String.join(", ", notice.resolvedEvents()) + " applied, " + status;
	}

	private static String types(List<String> types) {
		return types.isEmpty() ? "events of the service" : String.join(", ", types);
	}
}
