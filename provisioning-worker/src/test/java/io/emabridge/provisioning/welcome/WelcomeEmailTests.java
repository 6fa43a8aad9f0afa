package io.emabridge.provisioning.welcome;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.whmcs.WhmcsEmail;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The welcome e-mail against a running worker and the WHMCS sandbox: one per service,
 * with the tenant's URL, once the write-back is done; a lost answer is not a second
 * e-mail.
 */
class WelcomeEmailTests extends WorkerIntegrationTests {

	private static final String TEMPLATE = "Easy Mail Archive Welcome";

	@Override
	protected Map<String, Object> workerProperties() {
		Map<String, Object> properties = new HashMap<>(super.workerProperties());
		properties.put("ema.welcome.template", TEMPLATE);
		properties.put("ema.welcome.poll-interval", "100ms");
		properties.put("ema.welcome.lease", "20s");
		properties.put("ema.welcome.retry.initial", "100ms");
		properties.put("ema.welcome.retry.max", "500ms");
		return properties;
	}

	@Test
	void aCreateSendsExactlyOneWelcomeEmailWithTheTenantsUrl() {
		startWorker();
		long id = TestNames.serviceId();
		send(Events.create(id, Instant.now(), "Welcome Corp " + id));
		Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);

		await().atMost(WAIT).until(() -> "sent".equals(welcomeState(id)));
		assertThat(emails(id)).singleElement().satisfies((email) -> {
			assertThat(email.template()).isEqualTo(TEMPLATE);
			assertThat(email.variables()).containsEntry("archive_url", (String) row.get("url"))
				.containsEntry("archive_slug", (String) row.get("slug"));
		});
		assertThat((String) row.get("url")).startsWith("https://").contains((String) row.get("slug"));

		// WHMCS loses the write-back and it is done again (as a drift fix would): still
		// one e-mail
		this.ledgerDb.update(
				"update service set whmcs_synced = false, whmcs_next_attempt_at = now()" + " where service_id = ?", id);
		awaitSettled(id, ServiceStatus.ACTIVE);
		long other = TestNames.serviceId();
		send(Events.create(other, Instant.now(), "Other Corp " + other));
		await().atMost(WAIT).until(() -> "sent".equals(welcomeState(other)));
		assertThat(emails(id)).hasSize(1);
	}

	@Test
	void aLostAnswerIsNotASecondEmail() {
		// WHMCS sends the e-mail, and the connection drops before its answer
		whmcs.faults(Faults.none().withDropConnectionRate(1.0).withErrorAfterApply(true).withAction("SendEmail"));
		startWorker();
		long id = TestNames.serviceId();
		send(Events.create(id, Instant.now(), "Lost Answer Corp " + id));

		await().atMost(WAIT).until(() -> "unknown".equals(welcomeState(id)));
		whmcs.clearFaults();
		// another service's e-mail goes out after the faults are cleared: the mailer ran
		// on, and sent the first nothing more
		long other = TestNames.serviceId();
		send(Events.create(other, Instant.now(), "Next Corp " + other));
		await().atMost(WAIT).until(() -> "sent".equals(welcomeState(other)));

		assertThat(emails(id)).hasSize(1);
		assertThat(emails(other)).hasSize(1);
		assertThat(whmcs.activityLog()).filteredOn((line) -> line.description().contains("service #" + id + " "))
			.singleElement()
			.satisfies((line) -> assertThat(line.description()).contains("may not have been sent").contains(TEMPLATE));
	}

	@Test
	void whmcsRefusingTheEmailIsTriedAgainUntilItIsSent() {
		// answered "result":"error" before anything was sent: safe to send again
		whmcs.faults(Faults.none().withErrorRate(1.0, 503).withAction("SendEmail"));
		startWorker();
		long id = TestNames.serviceId();
		send(Events.create(id, Instant.now(), "Refused Corp " + id));
		await().atMost(WAIT).until(() -> attempts(id) >= 2);
		assertThat(emails(id)).isEmpty();

		whmcs.clearFaults();
		await().atMost(WAIT).until(() -> "sent".equals(welcomeState(id)));
		assertThat(emails(id)).hasSize(1);
	}

	@Test
	void withoutATemplateNothingIsSentAndNothingIsLeftDue() {
		startWorker(Map.of("ema.welcome.template", ""));
		long id = TestNames.serviceId();
		send(Events.create(id, Instant.now(), "Quiet Corp " + id));
		awaitSettled(id, ServiceStatus.ACTIVE);

		await().atMost(WAIT).until(() -> "skipped".equals(welcomeState(id)));
		assertThat(emails(id)).isEmpty();
	}

	private String welcomeState(long serviceId) {
		List<String> states = this.ledgerDb.queryForList("select state from welcome_email where service_id = ?",
				String.class, serviceId);
		return states.isEmpty() ? null : states.get(0);
	}

	private int attempts(long serviceId) {
		List<Integer> attempts = this.ledgerDb.queryForList("select attempts from welcome_email where service_id = ?",
				Integer.class, serviceId);
		return attempts.isEmpty() ? 0 : attempts.get(0);
	}

	private static List<WhmcsEmail> emails(long serviceId) {
		return whmcs.emails().stream().filter((email) -> email.relatedId() == serviceId).toList();
	}

}
