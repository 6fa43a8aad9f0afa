package io.emabridge.provisioning.notices;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.emabridge.provisioning.decisions.RetryPolicy;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.notices.NoticeProperties.Mode;
import io.emabridge.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier's steps in plain Java: what WHMCS is told, once, whatever fails in
 * between.
 */
class NotifierTests {

	private static final Instant T0 = Instant.parse("2026-11-26T14:02:00Z");

	private static final NoticeTexts TEXTS = new NoticeTexts("java -jar dlt.jar", "kafka:9092", "ema.lifecycle.v1-dlt",
			URI.create("http://worker:8081"));

	private final MutableClock clock = new MutableClock(T0);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Store store = new Store();

	private final Whmcs whmcs = new Whmcs();

	@Test
	void aFailureOpensOneTicketThenLogsItsLineWithTheTicketNumber() {
		this.store.put(open(1, 1042));
		notifier(Mode.TICKET).sendDue(10);

		assertThat(this.whmcs.calls).containsExactly("ticket 1042",
				"activity " + TEXTS.failureLine(told(open(1, 1042), 1, 500L, "T500")));
		assertThat(this.whmcs.calls.get(1))
			.startsWith("activity Easy Mail Archive: service #1042 failed"
					+ " (archive_unauthorized): the archive refused the reseller API key;")
			.endsWith(" Ticket #T500.");
		Notice sent = this.store.get(1);
		assertThat(sent.ticketId()).isEqualTo(500L);
		assertThat(sent.failuresTold()).isEqualTo(1);
		assertThat(sent.failuresLogged()).isEqualTo(1);
		assertThat(this.store.released).containsExactly(1L);

		notifier(Mode.TICKET).sendDue(10);
		assertThat(this.whmcs.calls).hasSize(2);
		assertThat(count("opened", "sent")).isEqualTo(1);
		assertThat(count("activity", "sent")).isEqualTo(1);
	}

	@Test
	void whmcsFailingAfterTheTicketWasOpenedRetriesOnlyWhatIsLeft() {
		this.store.put(open(1, 1042));
		this.whmcs.failNext("LogActivity",
				ProvisioningFailure.retriable("WHMCS LogActivity failed with HTTP 503", null, null));
		notifier(Mode.TICKET).sendDue(10);
		assertThat(this.store.get(1).ticketId()).isEqualTo(500L);
		assertThat(this.store.get(1).failuresLogged()).isZero();
		assertThat(this.store.get(1).attempts()).isEqualTo(1);
		assertThat(this.store.retries).containsExactly(1L);
		assertThat(count("activity", "retried")).isEqualTo(1);

		this.clock.advance(Duration.ofMinutes(1));
		notifier(Mode.TICKET).sendDue(10);
		assertThat(this.whmcs.calls).filteredOn((c) -> c.startsWith("ticket")).hasSize(1);
		assertThat(this.whmcs.calls).filteredOn((c) -> c.startsWith("activity")).hasSize(1);
		assertThat(this.store.get(1).failuresLogged()).isEqualTo(1);
	}

	@Test
	void aLaterFailureIsAReplyToTheOpenTicketNotANewOne() {
		this.store.put(failures(told(open(1, 1042), 1, 500L, "T500"), 2));
		notifier(Mode.TICKET).sendDue(10);
		assertThat(this.whmcs.calls).hasSize(2);
		assertThat(this.whmcs.calls.get(0)).startsWith("reply 500 open Service #1042 failed again.");
		assertThat(this.whmcs.calls.get(1)).startsWith("activity Easy Mail Archive: service #1042 failed");
		assertThat(count("update", "sent")).isEqualTo(1);
	}

	@Test
	void aRecoveryAnswersAndClosesTheTicketAndLogsItsLine() {
		this.store.put(resolved(told(open(1, 1042), 1, 500L, "T500")));
		notifier(Mode.TICKET).sendDue(10);
		assertThat(this.whmcs.calls).containsExactly(
				"reply 500 close " + TEXTS.recoveryMessage(resolved(open(1, 1042))),
				"activity Easy Mail Archive: service #1042 recovered: service.create applied, the archive tenant is"
						+ " active; the failure (archive_unauthorized) is resolved");
		assertThat(this.store.get(1).recoveryTold()).isTrue();
		assertThat(this.store.get(1).recoveryLogged()).isTrue();
		assertThat(count("resolved", "sent")).isEqualTo(1);
	}

	@Test
	void anEpisodeResolvedBeforeWhmcsHeardOfItOpensNoTicketButLogsBothLines() {
		this.store.put(resolved(open(1, 1042)));
		notifier(Mode.TICKET).sendDue(10);
		assertThat(this.whmcs.calls).hasSize(2);
		assertThat(this.whmcs.calls.get(0)).contains("service #1042 failed (archive_unauthorized)")
			.doesNotContain("Ticket #");
		assertThat(this.whmcs.calls.get(1)).contains("service #1042 recovered");
	}

	@Test
	void aTicketWhmcsRefusesForGoodIsGivenUpAndTheActivityLineStillGoes() {
		this.store.put(open(1, 1042));
		this.whmcs.failNext("OpenTicket", ProvisioningFailure.permanent(DeadLetterReason.WHMCS_REJECTED,
				"WHMCS OpenTicket failed: Department ID not found", null));
		notifier(Mode.TICKET).sendDue(10);
		Notice sent = this.store.get(1);
		assertThat(sent.ticketId()).isNull();
		assertThat(sent.failuresTold()).isEqualTo(1);
		assertThat(sent.failuresLogged()).isEqualTo(1);
		assertThat(this.store.errors).containsExactly("WHMCS OpenTicket failed: Department ID not found");
		assertThat(this.store.retries).isEmpty();
		assertThat(count("opened", "rejected")).isEqualTo(1);

		this.store.put(resolved(sent));
		notifier(Mode.TICKET).sendDue(10);
		assertThat(this.whmcs.calls).noneMatch((c) -> c.startsWith("reply"));
		assertThat(this.whmcs.calls).last().asString().contains("recovered");
	}

	@Test
	void noteModeAppendsDatedLinesToTheService() {
		this.store.put(open(1, 1042));
		notifier(Mode.NOTE).sendDue(10);
		this.store.put(resolved(this.store.get(1)));
		notifier(Mode.NOTE).sendDue(10);
		assertThat(this.whmcs.calls).hasSize(4);
		assertThat(this.whmcs.calls.get(0)).isEqualTo("note 1042 [2026-11-26 14:02 UTC] Easy Mail Archive: service"
				+ " #1042 failed (archive_unauthorized): "
				+ NoticeTexts.plainWords(DeadLetterReason.ARCHIVE_UNAUTHORIZED)
				+ ". Replay once fixed: java -jar dlt.jar replay --service 1042 --reason \"archive_unauthorized fixed\""
				+ " --bootstrap-servers kafka:9092 --topic ema.lifecycle.v1-dlt");
		assertThat(this.whmcs.calls.get(2))
			.startsWith("note 1042 [2026-11-26 14:05 UTC] Easy Mail Archive: service" + " #1042 recovered:");
	}

	@Test
	void everyReasonHasPlainWordsAndTheTicketCarriesBothReplayForms() {
		for (DeadLetterReason reason : DeadLetterReason.values()) {
			assertThat(NoticeTexts.plainWords(reason)).isNotBlank().doesNotEndWith(".");
		}
		String message = TEXTS.ticketMessage(open(1, 1042));
		assertThat(message).contains("java -jar dlt.jar replay --service 1042")
			.contains("curl -H \"Authorization: Bearer $EMA_ADMIN_TOKEN\"")
			.contains("-d '{\"service\":[\"1042\"],\"reason\":\"archive_unauthorized fixed\","
					+ "\"topic\":\"ema.lifecycle.v1-dlt\"}' http://worker:8081/admin/dead-letters/replay")
			.contains("(client #7)")
			.contains("archive create failed with HTTP 401");
		assertThat(TEXTS.ticketSubject(open(1, 1042)))
			.isEqualTo("Easy Mail Archive: service #1042 needs attention [EMA-N1]");
	}

	private Notifier notifier(Mode mode) {
		return new Notifier(this.store, this.whmcs, TEXTS, mode,
				new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), null),
				new NoticeMetrics(this.registry), "worker-1", this.clock, (() -> 0L));
	}

	private double count(String kind, String outcome) {
		return this.registry.get("ema.whmcs.notices").tag("kind", kind).tag("outcome", outcome).counter().count();
	}

	private static Notice open(long noticeId, long serviceId) {
		return new Notice(noticeId, serviceId, 7L, false, DeadLetterReason.ARCHIVE_UNAUTHORIZED,
				"archive create failed with HTTP 401", List.of("service.create"), 1, T0, T0, null, null, List.of(), 0,
				0, null, null, false, false, 0);
	}

	private static Notice told(Notice n, int failures, Long ticketId, String number) {
		return new Notice(n.noticeId(), n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(),
				n.eventTypes(), n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
				n.resolvedEvents(), failures, failures, ticketId, number, n.recoveryTold(), n.recoveryLogged(), 0);
	}

	private static Notice failures(Notice n, int failures) {
		return new Notice(n.noticeId(), n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(),
				List.of("service.create", "service.suspend"), failures, n.openedAt(), T0.plusSeconds(60),
				n.resolvedAt(), n.resolvedStatus(), n.resolvedEvents(), n.failuresTold(), n.failuresLogged(),
				n.ticketId(), n.ticketNumber(), n.recoveryTold(), n.recoveryLogged(), n.attempts());
	}

	private static Notice resolved(Notice n) {
		return new Notice(n.noticeId(), n.serviceId(), n.clientId(), true, n.reason(), n.error(), n.eventTypes(),
				n.failures(), n.openedAt(), n.lastFailureAt(), T0.plusSeconds(180), "active", List.of("service.create"),
				n.failuresTold(), n.failuresLogged(), n.ticketId(), n.ticketNumber(), n.recoveryTold(),
				n.recoveryLogged(), n.attempts());
	}

	/** WHMCS as a list of what it was told; a call can be made to fail once. */
	private static final class Whmcs implements NoticeChannel {

		final List<String> calls = new ArrayList<>();

		private final Map<String, ProvisioningFailure> failures = new LinkedHashMap<>();

		void failNext(String action, ProvisioningFailure failure) {
			this.failures.put(action, failure);
		}

		private void maybeFail(String action) {
			ProvisioningFailure failure = this.failures.remove(action);
			if (failure != null) {
				throw failure;
			}
		}

		@Override
		public void logActivity(String description, Long clientId) {
			maybeFail("LogActivity");
			this.calls.add("activity " + description);
		}

		/** Subjects of the tickets WHMCS holds. */
		final List<String> subjects = new ArrayList<>();

		/** The next OpenTicket opens the ticket, then its answer is lost. */
		boolean loseNextTicketAnswer;

		@Override
		public OpenedTicket openTicket(long serviceId, String subject, String message) {
			maybeFail("OpenTicket");
			this.calls.add("ticket " + serviceId);
			this.subjects.add(subject);
			if (this.loseNextTicketAnswer) {
				this.loseNextTicketAnswer = false;
				throw ProvisioningFailure.retriable("connection dropped", null, null);
			}
			return new OpenedTicket(500, "T500");
		}

		@Override
		public java.util.Optional<OpenedTicket> findTicket(String marker) {
			this.calls.add("find " + marker);
			return this.subjects.stream()
				.filter((subject) -> subject.contains(marker))
				.findFirst()
				.map((subject) -> new OpenedTicket(500, "T500"));
		}

		@Override
		public void replyToTicket(long ticketId, String message, boolean close) {
			maybeFail("AddTicketReply");
			this.calls.add("reply " + ticketId + (close ? " close " : " open ") + message);
		}

		@Override
		public void appendNote(long serviceId, String line) {
			maybeFail("UpdateClientProduct");
			this.calls.add("note " + serviceId + " " + line);
		}

	}

	/**
	 * The notices in a map; a claim takes every notice with something left to send whose
	 * back-off is over.
	 */
	private final class Store implements NoticeStore {

		private final Map<Long, Notice> notices = new LinkedHashMap<>();

		private final Map<Long, Instant> nextAttempt = new LinkedHashMap<>();

		final List<Long> released = new ArrayList<>();

		final List<Long> retries = new ArrayList<>();

		final List<String> errors = new ArrayList<>();

		private final java.util.Set<Long> opening = new java.util.HashSet<>();

		void put(Notice notice) {
			this.notices.put(notice.noticeId(), notice);
		}

		Notice get(long id) {
			Notice n = this.notices.get(id);
			return new Notice(n.noticeId(), n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(),
					n.eventTypes(), n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
					n.resolvedEvents(), n.failuresTold(), n.failuresLogged(), n.ticketId(), n.ticketNumber(),
					n.recoveryTold(), n.recoveryLogged(), n.attempts(), this.opening.contains(id));
		}

		@Override
		public boolean ticketOpening(long id, String worker, Instant now) {
			this.opening.add(id);
			return true;
		}

		@Override
		public List<Notice> claimDue(String worker, int limit, Instant now) {
			return this.notices.values()
				.stream()
				.filter((n) -> n.failuresTold() < n.failures() || n.failuresLogged() < n.failures()
						|| (n.resolved() && !(n.recoveryTold() && n.recoveryLogged())))
				.filter((n) -> !this.nextAttempt.getOrDefault(n.noticeId(), Instant.MIN).isAfter(now))
				.limit(limit)
				.map((n) -> get(n.noticeId()))
				.toList();
		}

		@Override
		public boolean failuresTold(long id, String worker, int failures, Long ticketId, String ticketNumber,
				Instant now) {
			Notice n = get(id);
			put(new Notice(id, n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(), n.eventTypes(),
					n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
					n.resolvedEvents(), Math.max(failures, n.failuresTold()), n.failuresLogged(),
					(n.ticketId() != null) ? n.ticketId() : ticketId,
					(n.ticketNumber() != null) ? n.ticketNumber() : ticketNumber, n.recoveryTold(), n.recoveryLogged(),
					n.attempts()));
			return true;
		}

		@Override
		public boolean failuresLogged(long id, String worker, int failures, Instant now) {
			Notice n = get(id);
			put(new Notice(id, n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(), n.eventTypes(),
					n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
					n.resolvedEvents(), n.failuresTold(), Math.max(failures, n.failuresLogged()), n.ticketId(),
					n.ticketNumber(), n.recoveryTold(), n.recoveryLogged(), n.attempts()));
			return true;
		}

		@Override
		public boolean recoveryTold(long id, String worker, Instant now) {
			Notice n = get(id);
			put(new Notice(id, n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(), n.eventTypes(),
					n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
					n.resolvedEvents(), n.failuresTold(), n.failuresLogged(), n.ticketId(), n.ticketNumber(), true,
					n.recoveryLogged(), n.attempts()));
			return true;
		}

		@Override
		public boolean recoveryLogged(long id, String worker, Instant now) {
			Notice n = get(id);
			put(new Notice(id, n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(), n.eventTypes(),
					n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
					n.resolvedEvents(), n.failuresTold(), n.failuresLogged(), n.ticketId(), n.ticketNumber(),
					n.recoveryTold(), true, n.attempts()));
			return true;
		}

		@Override
		public void rejected(long id, String worker, String error, Instant now) {
			this.errors.add(error);
		}

		@Override
		public void retry(long id, String worker, String error, Instant nextAttemptAt, Instant now) {
			Notice n = get(id);
			put(new Notice(id, n.serviceId(), n.clientId(), n.resolved(), n.reason(), n.error(), n.eventTypes(),
					n.failures(), n.openedAt(), n.lastFailureAt(), n.resolvedAt(), n.resolvedStatus(),
					n.resolvedEvents(), n.failuresTold(), n.failuresLogged(), n.ticketId(), n.ticketNumber(),
					n.recoveryTold(), n.recoveryLogged(), n.attempts() + 1));
			this.nextAttempt.put(id, nextAttemptAt);
			this.retries.add(id);
		}

		@Override
		public void release(long id, String worker, Instant now) {
			this.released.add(id);
		}

	}

}
