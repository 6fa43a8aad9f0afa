package io.emabridge.provisioning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

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

}
