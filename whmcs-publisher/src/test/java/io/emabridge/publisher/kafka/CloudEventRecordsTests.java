package io.emabridge.publisher.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.ServiceSuspended;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventRecordsTests {

	@Test
	void recordCarriesTheServiceIdAsKeyTheBodyAsValueAndCloudEventsAttributesAsHeaders() {
		UUID eventId = UUID.fromString("0b5e1d0c-4c0e-4d9a-9c55-0d3c1c9f2b11");
		ServiceSuspended event = new ServiceSuspended(eventId, Instant.parse("2026-11-26T19:31:08.123456789Z"), 1234,
				null, null, null, "overdue");
		byte[] body = "{\"as\":\"signed\"}".getBytes(StandardCharsets.UTF_8);

		ProducerRecord<String, byte[]> record = CloudEventRecords.of("ema.lifecycle.v1", "whmcs://billing", event,
				body);

		assertThat(record.topic()).isEqualTo("ema.lifecycle.v1");
		assertThat(record.partition()).isNull();
		assertThat(record.key()).isEqualTo("1234");
		assertThat(record.value()).isSameAs(body);
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(header(record, "ce_id")).isEqualTo(eventId.toString());
		assertThat(header(record, "ce_type")).isEqualTo("service.suspend");
		assertThat(header(record, "ce_source")).isEqualTo("whmcs://billing");
		assertThat(header(record, "ce_time")).isEqualTo("2026-11-26T19:31:08.123456Z");
		assertThat(header(record, "ce_subject")).isEqualTo("1234");
		assertThat(header(record, "content-type")).isEqualTo("application/json");
		assertThat(record.headers().toArray()).hasSize(7);
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
