package io.emabridge.provisioning.welcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.emabridge.provisioning.decisions.RetryPolicy;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The welcome mailer's rules in plain Java: sent once, tried again only when WHMCS cannot
 * have sent it, never again after a lost answer.
 */
class WelcomeMailerTests {

	private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

	private static final String TEMPLATE = "Easy Mail Archive Welcome";

	private final MutableClock clock = new MutableClock(T0);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Store store = new Store();

	private final Sender sender = new Sender();

	@Test
	void aDueEmailIsSentWithTheTenantsUrlAndSlugOnce() {
		this.store.due(42, "acme", "https://acme.archive.example");
		mailer(TEMPLATE).sendDue(10);
		mailer(TEMPLATE).sendDue(10);

		assertThat(this.sender.sent).containsExactly(TEMPLATE + " 42 acme https://acme.archive.example");
		assertThat(this.store.state(42)).isEqualTo("sent");
		assertThat(count("sent")).isEqualTo(1);
	}

	@Test
	void anEmailWhmcsDidNotSendIsDueAgainAfterTheBackOff() {
		this.store.due(42, "acme", "https://acme.archive.example");
		this.sender.next.add(new WelcomeSender.NotSent("WHMCS SendEmail failed: Email Template not found"));
		mailer(TEMPLATE).sendDue(10);
		assertThat(this.store.state(42)).isEqualTo("due");
		assertThat(this.store.rows.get(42L).error).contains("Email Template not found");

		this.clock.advance(Duration.ofSeconds(10));
		mailer(TEMPLATE).sendDue(10);
		assertThat(this.store.state(42)).isEqualTo("sent");
		assertThat(this.sender.sent).hasSize(2);
		assertThat(this.sender.told).isEmpty();
		assertThat(count("not_sent")).isEqualTo(1);
	}

	@Test
	void aLostAnswerIsNeverSentAgainAndTheAdminIsTold() {
		this.store.due(42, "acme", "https://acme.archive.example");
		this.sender.next.add(new WelcomeSender.Unknown("WHMCS SendEmail timed out"));
		mailer(TEMPLATE).sendDue(10);
		this.clock.advance(Duration.ofHours(1));
		mailer(TEMPLATE).sendDue(10);

		assertThat(this.sender.sent).hasSize(1);
		assertThat(this.store.state(42)).isEqualTo("unknown");
		assertThat(this.sender.told).singleElement()
			.asString()
			.contains("service #42 may not have been sent")
			.contains(TEMPLATE);
		assertThat(count("unknown")).isEqualTo(1);
	}

	@Test
	void anEmailWhoseWorkerDiedMidCallCountsAsUnknown() {
		this.store.due(42, "acme", "https://acme.archive.example");
		this.store.claimDue("dead-worker", TEMPLATE, 10, T0);
		this.clock.advance(Duration.ofMinutes(3));
		mailer(TEMPLATE).sendDue(10);

		assertThat(this.sender.sent).isEmpty();
		assertThat(this.store.state(42)).isEqualTo("unknown");
		assertThat(this.sender.told).hasSize(1);
	}

	@Test
	void withoutATemplateDueEmailsAreSkippedAndNothingIsSent() {
		this.store.due(42, "acme", "https://acme.archive.example");
		assertThat(mailer("").sendDue(10)).isEqualTo(1);
		mailer(TEMPLATE).sendDue(10);

		assertThat(this.sender.sent).isEmpty();
		assertThat(this.store.state(42)).isEqualTo("skipped");
		assertThat(count("skipped")).isEqualTo(1);
	}

	private WelcomeMailer mailer(String template) {
		return new WelcomeMailer(this.store, this.sender, template,
				new RetryPolicy(Duration.ofSeconds(5), 2, Duration.ofMinutes(10), null), "worker-1",
				new WorkerMetrics(this.registry), this.clock, new Random(1));
	}

	private double count(String outcome) {
		return this.registry.get("ema.welcome.emails").tag("outcome", outcome).counter().count();
	}

	/** The welcome_email rows as the PostgreSQL store keeps them. */
	private static final class Store implements WelcomeStore {

		private static final Duration LEASE = Duration.ofMinutes(2);

		private final Map<Long, Row> rows = new LinkedHashMap<>();

		void due(long serviceId, String slug, String url) {
			this.rows.put(serviceId, new Row(serviceId, slug, url));
		}

		String state(long serviceId) {
			return this.rows.get(serviceId).state;
		}

		@Override
		public List<WelcomeEmail> claimDue(String worker, String template, int limit, Instant now) {
			List<WelcomeEmail> claimed = new ArrayList<>();
			for (Row row : this.rows.values()) {
				if (claimed.size() < limit && row.state.equals("due") && !row.nextAttemptAt.isAfter(now)) {
					row.state = "sending";
					row.attempts++;
					row.claimedBy = worker;
					row.claimedUntil = now.plus(LEASE);
					claimed.add(new WelcomeEmail(row.serviceId, row.slug, row.url, row.attempts));
				}
			}
			return claimed;
		}

		@Override
		public void sent(long serviceId, String worker, Instant now) {
			Row row = this.rows.get(serviceId);
			if (worker.equals(row.claimedBy) && (row.state.equals("sending") || row.state.equals("unknown"))) {
				row.state = "sent";
			}
		}

		@Override
		public boolean notSent(long serviceId, String worker, String error, Instant nextAttemptAt, Instant now) {
			Row row = this.rows.get(serviceId);
			if (!worker.equals(row.claimedBy) || !row.state.equals("sending")) {
				return false;
			}
			row.state = "due";
			row.error = error;
			row.nextAttemptAt = nextAttemptAt;
			row.claimedBy = null;
			return true;
		}

		@Override
		public void outcomeUnknown(long serviceId, String worker, String error, Instant now) {
			Row row = this.rows.get(serviceId);
			if (worker.equals(row.claimedBy) && row.state.equals("sending")) {
				row.state = "unknown";
				row.error = error;
			}
		}

		@Override
		public List<Long> abandoned(Instant now) {
			List<Long> gone = new ArrayList<>();
			for (Row row : this.rows.values()) {
				if (row.state.equals("sending") && row.claimedUntil.isBefore(now)) {
					row.state = "unknown";
					gone.add(row.serviceId);
				}
			}
			return gone;
		}

		@Override
		public int skipDue(String why, int limit, Instant now) {
			int skipped = 0;
			for (Row row : this.rows.values()) {
				if (skipped < limit && row.state.equals("due")) {
					row.state = "skipped";
					row.error = why;
					skipped++;
				}
			}
			return skipped;
		}

	}

	/** One row of the fake store. */
	private static final class Row {

		private final long serviceId;

		private final String slug;

		private final String url;

		private String state = "due";

		private int attempts;

		private Instant nextAttemptAt = T0;

		private String claimedBy;

		private Instant claimedUntil;

		private String error;

		Row(long serviceId, String slug, String url) {
			this.serviceId = serviceId;
			this.slug = slug;
			this.url = url;
		}

	}

	/** WHMCS answering as scripted, success when nothing is. */
	private static final class Sender implements WelcomeSender {

		private final Deque<Outcome> next = new ArrayDeque<>();

		private final List<String> sent = new ArrayList<>();

		private final List<String> told = new ArrayList<>();

		@Override
		public Outcome send(String template, long serviceId, String slug, String url) {
			this.sent.add(template + " " + serviceId + " " + slug + " " + url);
			return this.next.isEmpty() ? new Sent() : this.next.poll();
		}

		@Override
		public void tell(String line) {
			this.told.add(line);
		}

	}

}
