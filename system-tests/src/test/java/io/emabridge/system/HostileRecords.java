package io.emabridge.system;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.topic.CloudEventHeaders;

/**
 * Records that no gateway lets through, written straight to the lifecycle topic as a
 * buggy or hostile producer (or an older gateway) would, each with what the worker's
 * contract says becomes of it: applied like any event, or dead-lettered once with a
 * reason. Applied records are create events of a service of their own whose text is
 * hostile but valid JSON of the v1 schema; dead-lettered ones break the schema or JSON
 * itself. Used by the fuzz test and mixed into the seeded convergence runs.
 */
final class HostileRecords {

	/**
	 * Company names, as the content of a JSON string, that the worker takes though the
	 * gateway refuses them: its create request drops control characters and lone
	 * surrogates.
	 */
	static final List<String> ACCEPTED_NAMES = List.of("Null\\u0000Byte GmbH", "Lone \\ud800 Surrogate AG",
			"\\udc00Low First", "\\u202Eevil\\u202C Bidi Ltd", "\\u200F\\u2066Isolate\\u2069 SA",
			"\\u0007\\u001b[31mTerminal\\u001b[0m Inc", "\uD83D\uDE00".repeat(200));

	private HostileRecords() {
	}

	/**
	 * A record of this kind about the service: a create event of it, or, for a record
	 * that cannot be applied, something made from one.
	 */
	static Hostile of(Kind kind, long serviceId, Instant occurredAt) {
		UUID id = UUID.randomUUID();
		String domain = "hostile" + serviceId + ".com";
		String key = Long.toString(serviceId);
		String valid = History.json(EventType.CREATE, id, occurredAt, serviceId, domain, null, "sys", true,
				History.COMPANY);
		List<Header> headers = new ArrayList<>(headers(id, EventType.CREATE, occurredAt, key));
		byte[] value = switch (kind) {
			case NUL_ESCAPE -> withCompany(valid, ACCEPTED_NAMES.get(0));
			case LONE_SURROGATES -> withCompany(valid, ACCEPTED_NAMES.get(1) + ACCEPTED_NAMES.get(2));
			case BIDI_OVERRIDES -> withCompany(valid, ACCEPTED_NAMES.get(3) + ACCEPTED_NAMES.get(4));
			case EMOJI_IN_LIMIT -> withCompany(valid, ACCEPTED_NAMES.get(6));
			case BYTE_ORDER_MARK -> ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8);
			case WHOLE_FLOAT_SERVICE_ID ->
				utf8(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":" + serviceId + ".0"));
			case NULL_KEY -> {
				key = null;
				yield utf8(valid);
			}
			case HOSTILE_HEADERS -> {
				headers
					.add(new RecordHeader(CloudEventHeaders.SUBJECT, new byte[] { 0, (byte) 0xC3, 0x28, (byte) 0xFF }));
				headers.add(new RecordHeader("x-nul-\u0000-name", new byte[] { 0 }));
				headers.add(new RecordHeader("x-big", new byte[64 * 1024]));
				yield utf8(valid);
			}
			case EMOJI_10KB -> withCompany(valid, "\uD83D\uDE00".repeat(2_560));
			case DEEP_NESTING -> utf8(valid.substring(0, valid.length() - 1) + ",\"extension\":" + "[".repeat(10_000)
					+ "]".repeat(10_000) + "}");
			case SERVICE_ID_STRING ->
				utf8(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":\"" + serviceId + "\""));
			case SERVICE_ID_FRACTION ->
				utf8(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":" + serviceId + ".5"));
			case SERVICE_ID_OBJECT ->
				utf8(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":{\"id\":" + serviceId + "}"));
			case HUGE_EXPONENT -> utf8(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":1e400"));
			case HUGE_INTEGER ->
				utf8(valid.replace("\"serviceId\":" + serviceId, "\"serviceId\":123456789012345678901234567890"));
			case INVALID_UTF8 -> invalidUtf8(valid);
			case NUL_BYTE -> utf8(valid.replace(History.COMPANY, "Raw\u0000Nul"));
			case UNKNOWN_TYPE -> utf8(valid.replace(EventType.CREATE.wireName(), "service.delete"));
			case DUPLICATE_FIELD -> utf8(valid.substring(0, valid.length() - 1) + ",\"serviceId\":1}");
			case EMPTY_VALUE -> new byte[0];
			case NULL_VALUE -> null;
		};
		return new Hostile(kind, serviceId, id, key, value, List.copyOf(headers));
	}

	/** A kind of record the worker dead-letters, drawn at random. */
	static Kind randomPoison(Random random) {
		List<Kind> poison = Arrays.stream(Kind.values()).filter((kind) -> !kind.applied()).toList();
		return poison.get(random.nextInt(poison.size()));
	}

	private static byte[] withCompany(String json, String companyJson) {
		return utf8(
				json.replace("\"companyName\":\"" + History.COMPANY + "\"", "\"companyName\":\"" + companyJson + "\""));
	}

	/**
	 * A Latin-1 {@code é} in the name: a byte that opens a UTF-8 sequence the bytes after
	 * it do not continue.
	 */
	private static byte[] invalidUtf8(String json) {
		byte[] bytes = utf8(json.replace(History.COMPANY, "Caf#"));
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '#') {
				bytes[i] = (byte) 0xE9;
			}
		}
		return bytes;
	}

	/** The CloudEvents headers the gateway would have given the event's record. */
	static List<Header> headers(UUID id, EventType type, Instant occurredAt, String key) {
		List<Header> headers = new ArrayList<>();
		headers.add(header(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0));
		headers.add(header(CloudEventHeaders.ID, id.toString()));
		headers.add(header(CloudEventHeaders.TYPE, type.wireName()));
		headers.add(header(CloudEventHeaders.SOURCE, "system-tests/hostile"));
		headers.add(header(CloudEventHeaders.TIME, LifecycleEventJson.formatInstant(occurredAt)));
		if (key != null) {
			headers.add(header(CloudEventHeaders.SUBJECT, key));
		}
		headers.add(header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
		return headers;
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, utf8(value));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * What a record is, with what the worker must do with it: {@code deadLetterReason}
	 * null means it is applied like any create.
	 */
	enum Kind {

		/** {@code \u0000} escaped in the company name. */
		NUL_ESCAPE(null),

		/** A high and a low surrogate, each alone, escaped in the company name. */
		LONE_SURROGATES(null),

		/** Right-to-left override and isolate characters in the company name. */
		BIDI_OVERRIDES(null),

		/** 200 emoji in the company name: within the schema's 255 characters. */
		EMOJI_IN_LIMIT(null),

		/** A UTF-8 byte order mark before the JSON. */
		BYTE_ORDER_MARK(null),

		/** {@code "serviceId": 42.0}: an integer to JSON Schema. */
		WHOLE_FLOAT_SERVICE_ID(null),

		/** No record key: the service is in the value. */
		NULL_KEY(null),

		/**
		 * Header values with NUL and invalid UTF-8, a NUL in a header name, 64 KB header.
		 */
		HOSTILE_HEADERS(null),

		/** 10 KB of emoji in the company name: over the schema's 255 characters. */
		EMOJI_10KB("invalid_event"),

		/** 10,000 nested arrays in an unknown field. */
		DEEP_NESTING("undeserializable"),

		SERVICE_ID_STRING("invalid_event"),

		SERVICE_ID_FRACTION("invalid_event"),

		SERVICE_ID_OBJECT("invalid_event"),

		/** {@code 1e400}: beyond any double. */
		HUGE_EXPONENT("invalid_event"),

		/** A 30-digit integer. */
		HUGE_INTEGER("invalid_event"),

		/** A byte that is not UTF-8 in the company name. */
		INVALID_UTF8("undeserializable"),

		/** A raw NUL byte (not an escape) in the company name. */
		NUL_BYTE("undeserializable"),

		UNKNOWN_TYPE("invalid_event"),

		/** {@code serviceId} twice. */
		DUPLICATE_FIELD("undeserializable"),

		/** A value of no bytes: JSON of no value. */
		EMPTY_VALUE("invalid_event"),

		/** No value at all (a tombstone). */
		NULL_VALUE("undeserializable");

		private final String deadLetterReason;

		Kind(String deadLetterReason) {
			this.deadLetterReason = deadLetterReason;
		}

		boolean applied() {
			return this.deadLetterReason == null;
		}

		/** The {@code ema_dlt_reason} of its dead letter; null for a record applied. */
		String deadLetterReason() {
			return this.deadLetterReason;
		}

	}

	/**
	 * One hostile record.
	 *
	 * @param serviceId the service it is about (in its value when that can be read)
	 * @param eventId the event id in its value
	 * @param key the record key; null for none
	 */
	record Hostile(Kind kind, long serviceId, UUID eventId, String key, byte[] value, List<Header> headers) {

		ProducerRecord<String, byte[]> toRecord(String topic, Integer partition) {
			return new ProducerRecord<>(topic, partition, this.key, this.value, this.headers);
		}

		/** The same record without a key: it lands on any partition. */
		Hostile withoutKey() {
			return new Hostile(this.kind, this.serviceId, this.eventId, null, this.value, this.headers);
		}

	}

}
