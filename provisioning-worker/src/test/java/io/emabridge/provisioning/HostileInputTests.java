package io.emabridge.provisioning;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 9 against the sandboxes: input the gateway would refuse today, but that an
 * older gateway accepted or that was written to the topic directly, is applied or
 * dead-lettered once, and nothing loops.
 */
class HostileInputTests extends WorkerIntegrationTests {

	private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

	@Test
	void aNameWithANulByteIsDeadLetteredOnceAndTheArchiveIsNotCalledAgain() {
		String key = "key-" + TestNames.shortId();
		startWorker(deadLetteringKey(key));
		long id = TestNames.serviceId();
		String json = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"service.create\","
				+ "\"occurredAt\":\"" + MICROS.format(this.t0) + "\",\"serviceId\":" + id
				+ ",\"clientId\":7,\"productId\":1,"
				+ "\"serverId\":1,\"client\":{\"companyName\":\"Null\\u0000Byte GmbH\",\"firstName\":\"Nul\","
				+ "\"lastName\":\"Byte\",\"email\":\"nul@example.test\"},\"options\":{\"autoGenerateSlug\":true}}";
		sendRaw(Long.toString(id), json.getBytes(StandardCharsets.UTF_8));
		assertThat(header(records(this.dltTopic, 1).get(0), DltHeaders.REASON)).isEqualTo("archive_unauthorized");
		await().atMost(WAIT).untilAsserted(() -> assertThat(serviceRow(id)).containsEntry("status", "failed"));
		long calls = creates();
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(creates()).isEqualTo(calls));
		assertThat(records(this.dltTopic, 1)).hasSize(1);
		assertThat(this.ledgerDb.queryForObject("select count(*) from whmcs_notice where service_id = ?", Integer.class,
				id))
			.isEqualTo(1);
		assertThat(
				this.ledgerDb.queryForObject("select client_id from whmcs_notice where service_id = ?", Long.class, id))
			.isEqualTo(7L);
	}

	private static long creates() {
		return archive.requests()
			.stream()
			.filter((r) -> r.method().equals("POST") && r.path().equals(ArchiveSandbox.TENANTS_PATH))
			.count();
	}

}
