package io.emabridge.provisioning.notices;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.provisioning.decisions.RetryPolicy;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.notices.NoticeMetrics.Kind;
import io.emabridge.provisioning.notices.NoticeProperties.Mode;

/**
 * Tells WHMCS about the notices that are due, in plain Java against its ports. A notice
 * goes out in steps, each recorded as soon as WHMCS took it, so that a retry after WHMCS
 * failed half-way repeats nothing that went through (above all, never opens a second
 * ticket):
 * <ol>
 * <li>the ticket (or the admin note) learns of the failures: opened for the first,
 * answered for later ones. A ticket is not opened for an episode that was resolved before
 * it could be: the activity log still gets both lines;</li>
 * <li>the activity log gets the failure line;</li>
 * <li>once resolved: the ticket gets its closing reply (or the note a recovery line),
 * then the log its line.</li>
 * </ol>
 * A step WHMCS refuses for good is logged, counted and given up; any other failure puts
 * the whole notice back with back-off, without end.
 */
final class Notifier {

	private static final Logger log = LoggerFactory.getLogger(Notifier.class);

	/** What {@link #openTicket} answers when the notice was taken over meanwhile. */
	private static final NoticeChannel.OpenedTicket CLAIM_LOST = new NoticeChannel.OpenedTicket(-1, "");

	private final NoticeStore store;

	private final NoticeChannel whmcs;

	private final NoticeTexts texts;

	private final Mode mode;

	private final RetryPolicy retry;

	private final NoticeMetrics metrics;

	private final String worker;

	private final Clock clock;

	private final RandomGenerator random;

	private final java.util.function.Consumer<String> errors;

	Notifier(NoticeStore store, NoticeChannel whmcs, NoticeTexts texts, Mode mode, RetryPolicy retry,
			NoticeMetrics metrics, String worker, Clock clock, RandomGenerator random) {
		this(store, whmcs, texts, mode, retry, metrics, worker, clock, random, (stage) -> {
		});
	}

	/**
	 * The notifier, telling {@code errors} of each unexpected failure by its stage.
	 */
	Notifier(NoticeStore store, NoticeChannel whmcs, NoticeTexts texts, Mode mode, RetryPolicy retry,
			NoticeMetrics metrics, String worker, Clock clock, RandomGenerator random,
			java.util.function.Consumer<String> errors) {
		this.errors = errors;
		this.store = store;
		this.whmcs = whmcs;
		this.texts = texts;
		this.mode = mode;
		this.retry = retry;
		this.metrics = metrics;
		this.worker = worker;
		this.clock = clock;
		this.random = random;
	}

	/**
	 * Claims up to {@code limit} due notices and sends each. Returns how many were
	 * claimed.
	 */
	int sendDue(int limit) {
		List<Notice> due = this.store.claimDue(this.worker, limit, now());
		for (Notice notice : due) {
			send(notice);
		}
		return due.size();
	}

	/** Sends what is due of one claimed notice, then gives the claim up. */
	void send(Notice claimed) {
		Notice notice = claimed;
		try {
			if (notice.failuresTold() < notice.failures()) {
				notice = tellFailures(notice);
			}
			if (notice != null && notice.failuresLogged() < notice.failures()) {
				notice = logFailures(notice);
			}
			if (notice != null && notice.resolved() && !notice.recoveryTold()) {
				notice = tellRecovery(notice);
			}
			if (notice != null && notice.resolved() && !notice.recoveryLogged()) {
				notice = logRecovery(notice);
			}
			if (notice != null) {
				this.store.release(notice.noticeId(), this.worker, now());
			}
		}
		catch (ProvisioningFailure failure) {
			// retriable: WHMCS may take the same call later; the steps that went through
			// are recorded
			int attempt = notice.attempts() + 1;
			Instant next = this.retry.nextAttempt(attempt, now(), null, this.random);
			log.warn("Service {}: WHMCS did not take the failure notice (attempt {}, next at {}): {}",
					notice.serviceId(), attempt, next, failure.getMessage());
			this.store.retry(notice.noticeId(), this.worker, failure.getMessage(), next, now());
		}
		catch (RuntimeException ex) {
			// anything else (a bug, the database): the same back-off, never a hot loop
			int attempt = notice.attempts() + 1;
			Instant next = this.retry.nextAttempt(attempt, now(), null, this.random);
			this.errors.accept("notify");
			if (attempt == 1) {
				log.warn("Service {}: unexpected failure while sending notice {}, next at {}", notice.serviceId(),
						notice.noticeId(), next, ex);
			}
			else {
				log.debug("Service {}: unexpected failure {} while sending notice {}: {}", notice.serviceId(), attempt,
						notice.noticeId(), ex.toString());
			}
			try {
				this.store.retry(notice.noticeId(), this.worker, ex.toString(), next, now());
			}
			catch (RuntimeException recordFailed) {
				// the claim's lease runs out and bounds the next attempt
				log.debug("Notice {}: could not record the failure", notice.noticeId(), recordFailed);
			}
			return;
		}
		if (notice == null) {
			log.info("Service {}: notice {} taken over by another instance", claimed.serviceId(), claimed.noticeId());
		}
	}

	private Notice tellFailures(Notice notice) {
		Long ticketId = notice.ticketId();
		String ticketNumber = notice.ticketNumber();
		boolean first = notice.failuresTold() == 0;
		if (this.mode == Mode.NOTE) {
			// the installation has no service to note it on: the activity log says it
			if (!notice.installation()) {
				act(notice, first ? Kind.OPENED : Kind.UPDATE,
						() -> this.whmcs.appendNote(notice.serviceId(), this.texts.failureNote(notice)));
			}
		}
		else if (first && !notice.resolved()) {
			NoticeChannel.OpenedTicket ticket = openTicket(notice);
			if (ticket == CLAIM_LOST) {
				return null;
			}
			if (ticket != null) {
				ticketId = ticket.id();
				ticketNumber = ticket.number();
			}
		}
		else if (!first && ticketId != null) {
			long id = ticketId;
			act(notice, Kind.UPDATE, () -> this.whmcs.replyToTicket(id, this.texts.againMessage(notice), false));
		}
		boolean held = this.store.failuresTold(notice.noticeId(), this.worker, notice.failures(), ticketId,
				ticketNumber, now());
		return held ? withTold(notice, ticketId, ticketNumber) : null;
	}

	/**
	 * Opens the episode's ticket, unless an earlier request whose answer was lost opened
	 * it already: then that one is found by the marker in its subject. {@code null} when
	 * WHMCS refused it for good, {@link #CLAIM_LOST} when another instance took the
	 * notice over.
	 */
	private NoticeChannel.OpenedTicket openTicket(Notice notice) {
		if (notice.ticketOpenStarted()) {
			java.util.Optional<NoticeChannel.OpenedTicket> found = findTicket(notice);
			if (found.isPresent()) {
				log.info("Service {}: found WHMCS ticket #{} opened by a request whose answer was lost",
						notice.serviceId(), found.get().number());
				return found.get();
			}
		}
		else if (!this.store.ticketOpening(notice.noticeId(), this.worker, now())) {
			return CLAIM_LOST;
		}
		NoticeChannel.OpenedTicket ticket = step(notice, Kind.OPENED, () -> this.whmcs.openTicket(notice.serviceId(),
				this.texts.ticketSubject(notice), this.texts.ticketMessage(notice)));
		if (ticket != null) {
			log.info("Service {}: opened WHMCS ticket #{} about its {} failure", notice.serviceId(), ticket.number(),
					notice.reason().value());
		}
		return ticket;
	}

	/**
	 * The ticket a request whose answer was lost may have opened. A lookup WHMCS refuses
	 * for good (the API role lacks {@code GetTickets}) opens the ticket again rather than
	 * never: a second ticket is better than none.
	 */
	private java.util.Optional<NoticeChannel.OpenedTicket> findTicket(Notice notice) {
		try {
			return this.whmcs.findTicket(NoticeTexts.marker(notice));
		}
		catch (ProvisioningFailure failure) {
			if (failure.isRetriable()) {
				throw failure;
			}
			log.warn("Service {}: WHMCS refuses to look tickets up ({}); a lost OpenTicket answer may leave a second"
					+ " ticket: allow GetTickets to the API role", notice.serviceId(), failure.getMessage());
			return java.util.Optional.empty();
		}
	}

	private Notice logFailures(Notice notice) {
		act(notice, Kind.ACTIVITY, () -> this.whmcs.logActivity(this.texts.failureLine(notice), notice.clientId()));
		if (!this.store.failuresLogged(notice.noticeId(), this.worker, notice.failures(), now())) {
			return null;
		}
		return notice;
	}

	private Notice tellRecovery(Notice notice) {
		if (this.mode == Mode.NOTE) {
			if (!notice.installation()) {
				act(notice, Kind.RESOLVED,
						() -> this.whmcs.appendNote(notice.serviceId(), this.texts.recoveryNote(notice)));
			}
		}
		else if (notice.ticketId() != null) {
			act(notice, Kind.RESOLVED,
					() -> this.whmcs.replyToTicket(notice.ticketId(), this.texts.recoveryMessage(notice), true));
		}
		return this.store.recoveryTold(notice.noticeId(), this.worker, now()) ? notice : null;
	}

	private Notice logRecovery(Notice notice) {
		act(notice, Kind.ACTIVITY, () -> this.whmcs.logActivity(this.texts.recoveryLine(notice), notice.clientId()));
		return this.store.recoveryLogged(notice.noticeId(), this.worker, now()) ? notice : null;
	}

	/**
	 * One call to WHMCS, counted. A permanent failure is logged and recorded and the step
	 * given up ({@code null}); a retriable one is thrown on.
	 */
	private <T> T step(Notice notice, Kind kind, Call<T> call) {
		try {
			T result = call.run();
			this.metrics.sent(kind);
			return result;
		}
		catch (ProvisioningFailure failure) {
			if (failure.isRetriable()) {
				this.metrics.retried(kind);
				throw failure;
			}
			this.metrics.rejected(kind);
			log.warn("Service {}: WHMCS refused the {} notice for good, giving that part up: {}", notice.serviceId(),
					kind.tag(), failure.getMessage());
			this.store.rejected(notice.noticeId(), this.worker, failure.getMessage(), now());
			return null;
		}
	}

	private void act(Notice notice, Kind kind, Runnable call) {
		step(notice, kind, () -> {
			call.run();
			return Boolean.TRUE;
		});
	}

	private static Notice withTold(Notice n, Long ticketId, String ticketNumber) {
		return new Notice(n.noticeId(), n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(),
				n.eventTypes(), n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
				n.resolvedEvents(), n.failures(), n.failuresLogged(), ticketId, ticketNumber, n.recoveryTold(),
				n.recoveryLogged(), n.attempts(), n.ticketOpenStarted());
	}

	private Instant now() {
		return this.clock.instant();
	}

	@FunctionalInterface
	private interface Call<T> {

		T run();

	}

}
