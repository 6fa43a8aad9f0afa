package io.emabridge.provisioning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One poison record never stalls a partition: it goes to the dead-letter topic and the
 * next record is applied.
 */
class PoisonRecordTests extends WorkerIntegrationTests {

	@Override
	protected int partitions() {
		return 1;
	}

	@Test
	void recordsThatAreNotEventsGoToTheDeadLetterTopicAndTheNextOneIsApplied() {
		createLifecycleTopic();
		long id = TestNames.serviceId();
		String key = Long.toString(id);
		byte[] notJson = "this is { not json".getBytes(StandardCharsets.UTF_8);
		byte[] invalid = ("{\"type\":\"service.suspend\",\"eventId\":\"not-a-uuid\",\"serviceId\":" + id + "}")
			.getBytes(StandardCharsets.UTF_8);
		sendRaw(key, notJson);
		sendRaw(key, invalid);
		send(Events.create(id, Instant.now().truncatedTo(ChronoUnit.MICROS), "After Poison " + id));
		startWorker();

		awaitSettled(id, ServiceStatus.ACTIVE);
		List<ConsumerRecord<String, byte[]>> dead = records(this.dltTopic, 2);
		assertThat(dead).hasSize(2);
		assertThat(dead.get(0).value()).isEqualTo(notJson);
		assertThat(header(dead.get(0), DltHeaders.REASON)).isEqualTo("undeserializable");
		assertThat(dead.get(1).value()).isEqualTo(invalid);
		assertThat(header(dead.get(1), DltHeaders.REASON)).isEqualTo("invalid_event");
		for (ConsumerRecord<String, byte[]> letter : dead) {
			assertThat(letter.key()).isEqualTo(key);
			assertThat(header(letter, DltHeaders.ATTEMPTS)).isEqualTo("1");
			assertThat(header(letter, DltHeaders.FIRST_FAILURE)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
			assertThat(header(letter, "kafka_dlt-original-topic")).isEqualTo(this.lifecycleTopic);
			assertThat(header(letter, "kafka_dlt-original-partition")).isNotNull();
			assertThat(header(letter, "kafka_dlt-exception-fqcn")).isEqualTo(ProvisioningFailure.class.getName());
			assertThat(header(letter, "kafka_dlt-exception-message")).isNotBlank();
		}
		assertThat(this.ledgerDb.queryForObject("select count(*) from lifecycle_event", Integer.class)).isEqualTo(1);
	}

	/**
	 * A batch that the ledger could not record is delivered again until it can; if it
	 * holds a poison record, that one is dead-lettered once the ledger is back and the
	 * rest is recorded: retrying the batch never turns into retrying the poison record
	 * without end (which held the partition for good, silently).
	 */
	@Test
	void aPoisonRecordInABatchTheLedgerCouldNotRecordIsDeadLetteredOnceTheLedgerIsBack() {
		createLifecycleTopic();
		// the ledger's schema, made by a worker that is gone before anything is sent
		stopWorker(startWorker());
		long before = TestNames.serviceId();
		long after = TestNames.serviceId();
		byte[] notJson = "this is { not json".getBytes(StandardCharsets.UTF_8);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		LedgerOutage outage = LedgerOutage.begin(this.ledgerDb);
		send(Events.create(before, now, "Before Poison " + before));
		sendRaw(Long.toString(before), notJson);
		send(Events.create(after, now, "After Poison " + after));
		// one poll takes all three: the batch fails as a whole while the ledger is out
		startWorker();
		await().atMost(WAIT).until(() -> outage.refusedWrites() >= 2);
		outage.end();

		awaitSettled(before, ServiceStatus.ACTIVE);
		awaitSettled(after, ServiceStatus.ACTIVE);
		List<ConsumerRecord<String, byte[]>> dead = records(this.dltTopic, 1);
		assertThat(dead).singleElement().satisfies((letter) -> {
			assertThat(letter.value()).isEqualTo(notJson);
			assertThat(header(letter, DltHeaders.REASON)).isEqualTo("undeserializable");
		});
	}

	/**
	 * The ledger refusing every new event, as a database that is away does, and counting
	 * the refusals (a sequence: it counts even in the transactions that roll back).
	 */
	private record LedgerOutage(JdbcTemplate db, String name) {

		static LedgerOutage begin(JdbcTemplate db) {
			LedgerOutage outage = new LedgerOutage(db, "outage_" + TestNames.shortId());
			db.execute("create sequence " + outage.name());
			db.execute("create function " + outage.name() + "() returns trigger language plpgsql as $$"
					+ " begin perform nextval('" + outage.name() + "');"
					+ " raise exception 'the ledger is away'; end $$");
			db.execute("create trigger " + outage.name() + " before insert on lifecycle_event for each row execute"
					+ " function " + outage.name() + "()");
			return outage;
		}

		long refusedWrites() {
			return this.db.queryForObject("select case when is_called then last_value else 0 end from " + this.name,
					Long.class);
		}

		void end() {
			this.db.execute("drop trigger " + this.name + " on lifecycle_event");
		}

	}

}
