package io.emabridge.provisioning.notices;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import io.emabridge.deadletters.cli.DltCommand;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.whmcs.WhmcsActivity;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.sandbox.whmcs.WhmcsTicket;
import io.emabridge.sandbox.whmcs.WhmcsTicketReply;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters surfaced in WHMCS end to end, against the sandboxes: the archive refuses
 * the worker's API key, WHMCS gets one ticket (or admin note) and a line in its activity
 * log per failure, and a reply once the service recovers.
 */
class NoticeIntegrationTests extends WorkerIntegrationTests {

	private static final int DEPARTMENT = 3;

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);

	private String key;

	@BeforeEach
	void badKey() {
		this.key = "key-" + TestNames.shortId();
	}

	@Test
	void severalDeadLettersOpenOneTicketALaterSuccessClosesItAndTheNextFailureOpensAnother() {
		startWorker(ticketMode());
		long id = TestNames.serviceId();
		send(Events.create(id, this.t0, "Locked " + id));
		WhmcsTicket ticket = await().atMost(WAIT).until(() -> tickets(id), (t) -> t.size() == 1).get(0);
		assertThat(ticket.deptId()).isEqualTo(DEPARTMENT);
		assertThat(ticket.subject())
			.matches("Easy Mail Archive: service #" + id + " needs attention \\[EMA-N[0-9]+\\]");
		assertThat(ticket.clientId()).as("opened under the operator, not the customer").isNull();
		assertThat(ticket.name()).isEqualTo("EMA operations");
		assertThat(ticket.email()).isEqualTo("ops@example.test");
		assertThat(ticket.priority()).isEqualTo("High");
		assertThat(ticket.message()).contains("`archive_unauthorized`")
			.contains("EMA_ARCHIVE_API_KEY")
			.contains("java -jar dlt.jar replay --service " + id)
			.contains("/admin/dead-letters/replay");

		// a second event fails on the same key: an answer on the open ticket, not a
		// second ticket
		send(Events.suspend(id, this.t0.plusSeconds(10)));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(noticeRow(id)).containsEntry("failures", 2)
				.containsEntry("failures_told", 2)
				.containsEntry("failures_logged", 2));
		assertThat(tickets(id)).singleElement()
			.extracting(WhmcsTicket::replies)
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies((reply) -> assertThat(((WhmcsTicketReply) reply).message()).contains("failed again"));
		List<String> failureLines = activity(id, " failed ");
		assertThat(failureLines).hasSize(2)
			.allSatisfy((line) -> assertThat(line).matches(
					"Easy Mail Archive: service #" + id + " failed \\(archive_unauthorized\\): the archive refused the"
							+ " reseller API key; .+\\. Replay once fixed: java -jar dlt\\.jar replay --service " + id
							+ " .+ Ticket #" + ticket.tid() + "\\."));

		// the key is fixed and WHMCS unsuspends: the newest event applies, the ticket
		// gets its closing reply
		archive.addApiKey(this.key);
		send(Events.unsuspend(id, this.t0.plusSeconds(20)));
		awaitSettled(id, ServiceStatus.ACTIVE);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(activity(id, " recovered: ")).containsExactly(
					"Easy Mail Archive: service #" + id + " recovered: service.unsuspend applied, the archive tenant is"
							+ " active; the failure (archive_unauthorized) is resolved"));
		List<WhmcsTicketReply> replies = tickets(id).get(0).replies();
		assertThat(replies).hasSize(2);
		assertThat(replies.get(1).message()).contains("recovered").contains("closing this ticket");
		assertThat(replies.get(1).adminUsername()).isEqualTo("EMA operations");

		// a failure after the recovery is a new episode: a new ticket
		archive.removeApiKey(this.key);
		send(Events.suspend(id, this.t0.plusSeconds(30)));
		await().atMost(WAIT).until(() -> tickets(id).size() == 2);
		assertThat(tickets(id).get(0).replies()).hasSize(2);
		assertThat(this.ledgerDb.queryForList("select state from whmcs_notice where service_id = ? order by notice_id",
				String.class, id))
			.containsExactly("resolved", "open");
	}

	@Test
	void whmcsDownWhileTheNoticeIsDueLosesNothingAndAReplayAfterTheFixClosesTheTicket() {
		MeterRegistry meters = startWorker(ticketMode()).getBean(MeterRegistry.class);
		long id = TestNames.serviceId();
		whmcs.faults(Faults.none().withDown(true));
		send(Events.create(id, this.t0, "Down " + id));
		await().atMost(WAIT).untilAsserted(() -> assertThat((Integer) noticeRow(id).get("attempts")).isGreaterThan(2));
		assertThat(tickets(id)).isEmpty();

		whmcs.clearFaults();
		await().atMost(WAIT).until(() -> activity(id, " failed ").size() == 1);
		assertThat(tickets(id)).hasSize(1);

		archive.addApiKey(this.key);
		CommandLine dlt = DltCommand.commandLine();
		StringWriter out = new StringWriter();
		dlt.setOut(new PrintWriter(out, true));
		dlt.setErr(new PrintWriter(out, true));
		int code = dlt.execute("replay", "--service", Long.toString(id), "--reason", "archive key fixed",
				"--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic", this.dltTopic, "--memory-topic",
				TestNames.topic("replayed"));
		assertThat(code).as(out.toString()).isZero();
		awaitSettled(id, ServiceStatus.ACTIVE);
		await().atMost(WAIT).until(() -> activity(id, " recovered: ").size() == 1);
		assertThat(tickets(id)).singleElement()
			.satisfies((ticket) -> assertThat(ticket.replies()).singleElement()
				.satisfies((reply) -> assertThat(reply.message()).contains("recovered")));
		assertThat(activity(id, " failed ")).hasSize(1);
		// the first OpenTicket failed; later attempts looked for its ticket first (its
		// answer may have been
		// lost), and opened it once WHMCS was back
		assertThat(meters.get("ema.whmcs.notices").tags("kind", "opened", "outcome", "retried").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(meters.get("ema.whmcs.notices").tags("kind", "opened", "outcome", "sent").counter().count())
			.isEqualTo(1);
		assertThat(meters.get("ema.whmcs.notices").tags("kind", "resolved", "outcome", "sent").counter().count())
			.isEqualTo(1);
		assertThat(meters.get("ema.whmcs.notices.open").gauge().value()).isZero();
		await().atMost(WAIT).until(() -> meters.get("ema.whmcs.notices.unsent").gauge().value() == 0);
	}

	@Test
	void noteModeAppendsTheFailureAndTheRecoveryToTheServiceNotesAndKeepsWhatWasThere() {
		long id = TestNames.serviceId();
		whmcs.putService(WhmcsService.of(id, 1).withNotes("Customer prefers email"));
		startWorker(deadLetteringKey(this.key, "ema.notices.poll-interval", "100ms", "ema.notices.retry.initial",
				"100ms", "ema.notices.retry.max", "500ms"));
		ServiceCreated create = Events.create(id, this.t0, "Noted " + id);
		send(create);
		await().atMost(WAIT).until(() -> activity(id, " failed ").size() == 1);
		assertThat(notes(id)).startsWith("Customer prefers email\n[")
			.contains("] Easy Mail Archive: service #" + id + " failed (archive_unauthorized): ");
		assertThat(whmcs.activityLog()).filteredOn((line) -> line.description().contains("service #" + id + " "))
			.extracting(WhmcsActivity::clientId)
			.containsOnly(1L);

		archive.addApiKey(this.key);
		send(create);
		awaitSettled(id, ServiceStatus.ACTIVE);
		await().atMost(WAIT).until(() -> activity(id, " recovered: ").size() == 1);
		assertThat(notes(id).lines().toList()).hasSize(3)
			.satisfies((lines) -> assertThat(lines.get(0)).isEqualTo("Customer prefers email"))
			.satisfies((lines) -> assertThat(lines.get(1)).contains(" failed (archive_unauthorized): "))
			.satisfies((lines) -> assertThat(lines.get(2)).contains(" recovered: service.create applied"));
		assertThat(tickets(id)).isEmpty();
	}

	@Test
	void aTicketWhoseOpenTicketAnswerWasLostIsFoundNotOpenedAgain() {
		startWorker(ticketMode());
		whmcs.faults(Faults.none().withErrorRate(1.0, 503).withErrorAfterApply(true).withAction("OpenTicket"));
		long id = TestNames.serviceId();
		send(Events.create(id, this.t0, "Lost ticket " + id));
		await().atMost(WAIT).until(() -> tickets(id).size() == 1);
		await().atMost(WAIT).untilAsserted(() -> assertThat(noticeRow(id)).containsEntry("failures_told", 1));
		whmcs.clearFaults();
		await().atMost(WAIT).untilAsserted(() -> assertThat(noticeRow(id)).containsEntry("failures_logged", 1));
		assertThat(tickets(id)).hasSize(1);
		assertThat(noticeRow(id).get("ticket_id")).isEqualTo(tickets(id).get(0).id());
		assertThat(activity(id, " failed ")).singleElement()
			.satisfies((line) -> assertThat(line).endsWith(" Ticket #" + tickets(id).get(0).tid() + "."));
	}

	private Map<String, Object> ticketMode() {
		Map<String, Object> properties = new HashMap<>();
		properties.putAll(deadLetteringKey(this.key));
		properties.put("ema.notices.department-id", DEPARTMENT);
		properties.put("ema.notices.priority", "High");
		properties.put("ema.notices.ticket-name", "EMA operations");
		properties.put("ema.notices.ticket-email", "ops@example.test");
		properties.put("ema.notices.reply-as", "EMA operations");
		properties.put("ema.notices.poll-interval", "100ms");
		properties.put("ema.notices.retry.initial", "100ms");
		properties.put("ema.notices.retry.max", "500ms");
		return properties;
	}

	private static List<WhmcsTicket> tickets(long serviceId) {
		String subject = "Easy Mail Archive: service #" + serviceId + " needs attention [EMA-N";
		return whmcs.tickets().stream().filter((t) -> t.subject().startsWith(subject)).toList();
	}

	/**
	 * The service's lines in the activity log that contain {@code part}, oldest first.
	 */
	private static List<String> activity(long serviceId, String part) {
		String prefix = "Easy Mail Archive: service #" + serviceId + " ";
		return whmcs.activityLog()
			.stream()
			.map(WhmcsActivity::description)
			.filter((line) -> line.startsWith(prefix) && line.contains(part))
			.toList();
	}

	private static String notes(long serviceId) {
		return whmcs.service(serviceId).orElseThrow().notes();
	}

	private Map<String, Object> noticeRow(long serviceId) {
		List<Map<String, Object>> rows = this.ledgerDb
			.queryForList("select * from whmcs_notice where service_id = ? order by notice_id desc", serviceId);
		return rows.isEmpty() ? Map.of() : rows.get(0);
	}

}
