package io.emabridge.provisioning.tenantstate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.support.kafka.AcknowledgedSender;
import io.emabridge.support.kafka.NotAcknowledgedException;

/**
 * Writes tenant states to the compacted tenant state topic, keyed by service id, and
 * waits for the acknowledgement. Never a tombstone: nothing is ever deleted.
 */
class KafkaTenantStatePublisher implements TenantStatePublisher {

	private final AcknowledgedSender<String, byte[]> sender;

	private final String topic;

	KafkaTenantStatePublisher(KafkaTemplate<String, byte[]> template, String topic, Duration timeout) {
		this.sender = new AcknowledgedSender<>(template, timeout);
		this.topic = topic;
	}

	@Override
	public void publish(TenantState state) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, Long.toString(state.serviceId()),
				json(state));
		record.headers().add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
		try {
			this.sender.send(record);
		}
		catch (NotAcknowledgedException ex) {
			throw new NotAcknowledgedException("Tenant state of service " + state.serviceId() + " " + ex.getMessage(),
					ex.getCause());
		}
	}

	/**
	 * {@code {"serviceId","slug","url","status","version":{"occurredAt","eventId"},"updatedAt"}},
	 * times as RFC 3339 with six fraction digits like the lifecycle events.
	 */
	/**
	 * The record's value, written by hand: a tree and a generator per record cost more
	 * than the rest of the publication on the applier's thread.
	 */
	static byte[] json(TenantState state) {
		StringBuilder json = new StringBuilder(256);
		json.append("{\"serviceId\":").append(state.serviceId()).append(",\"slug\":");
		string(json, state.slug());
		json.append(",\"url\":");
		string(json, state.url());
		json.append(",\"status\":");
		string(json, state.status().value());
		json.append(",\"version\":{\"occurredAt\":\"")
			.append(micros(state.version().occurredAt()))
			.append("\",\"eventId\":\"")
			.append(state.version().eventId())
			.append("\"},\"updatedAt\":\"")
			.append(micros(state.updatedAt()))
			.append("\"}");
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** A JSON string, or null. */
	private static void string(StringBuilder json, String value) {
		if (value == null) {
			json.append("null");
			return;
		}
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * The instant as the lifecycle events write theirs
	 * ({@code uuuu-MM-ddTHH:mm:ss.SSSSSSZ}), without a formatter for the years that have
	 * four digits.
	 */
	static String micros(Instant instant) {
		LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
		if (time.getYear() < 0 || time.getYear() > 9999) {
			return LifecycleEventJson.formatInstant(instant);
		}
		char[] text = "0000-00-00T00:00:00.000000Z".toCharArray();
		digits(text, 0, 4, time.getYear());
		digits(text, 5, 2, time.getMonthValue());
		digits(text, 8, 2, time.getDayOfMonth());
		digits(text, 11, 2, time.getHour());
		digits(text, 14, 2, time.getMinute());
		digits(text, 17, 2, time.getSecond());
		digits(text, 20, 6, instant.getNano() / 1_000);
		return new String(text);
	}

	private static void digits(char[] text, int at, int width, int value) {
		int rest = value;
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + rest % 10);
			rest /= 10;
		}
	}

}
