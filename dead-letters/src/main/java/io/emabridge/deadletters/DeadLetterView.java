package io.emabridge.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.emabridge.deadletters.letter.DeadLetter;
import io.emabridge.deadletters.letter.DltHeaders;

/**
 * A dead letter as operators see it, in {@code --json} output and over HTTP. Times are
 * RFC 3339 text; the value is shown as text when it is UTF-8, else as base64.
 *
 * @param headers every header, in record order (only in the detailed view)
 * @param value the record's value (only in the detailed view)
 * @param ledger the ledger's view of the service and event (only in the detailed view,
 * when asked for)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterView(String time, String topic, int partition, long offset, String serviceId, String type,
		String eventId, String reason, Integer attempts, String firstFailure, String lastFailure, String originalTopic,
		String exceptionMessage, int replays, List<HeaderView> headers, String value, String valueEncoding,
		Map<String, Map<String, Object>> ledger) {

	private static final Set<String> LONG_HEADERS = Set.of(DltHeaders.ORIGINAL_OFFSET, DltHeaders.ORIGINAL_TIMESTAMP);

	public static DeadLetterView summary(DeadLetters.Listed listed) {
		return of(listed, false, null);
	}

	public static DeadLetterView detail(DeadLetters.Listed listed, Map<String, Map<String, Object>> ledger) {
		return of(listed, true, ledger);
	}

	private static DeadLetterView of(DeadLetters.Listed listed, boolean detail,
			Map<String, Map<String, Object>> ledger) {
		DeadLetter letter = listed.letter();
		List<HeaderView> headers = detail
				? letter.headers().stream().map((h) -> new HeaderView(h.name(), headerText(h))).toList() : null;
		String valueText = null;
		String encoding = null;
		if (detail && letter.value() != null) {
			valueText = utf8(letter.value());
			encoding = (valueText != null) ? "utf-8" : "base64";
			if (valueText == null) {
				valueText = Base64.getEncoder().encodeToString(letter.value());
			}
		}
		return new DeadLetterView(letter.timestamp().toString(), letter.topic(), letter.partition(), letter.offset(),
				letter.serviceId(), letter.eventType(), letter.eventId(), letter.reason(), letter.attempts(),
				time(letter.firstFailure()), time(letter.lastFailure()), letter.originalTopic().orElse(null),
				letter.exceptionMessage(), listed.replays(), headers, valueText, encoding, ledger);
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * spring-kafka writes the original partition, offset and timestamp as big-endian
	 * numbers, not as text.
	 */
	private static String headerText(DeadLetter.Header header) {
		byte[] bytes = header.value();
		if (bytes == null) {
			return null;
		}
		if (bytes.length == Integer.BYTES && header.name().equals(DltHeaders.ORIGINAL_PARTITION)) {
			return Integer.toString(ByteBuffer.wrap(bytes).getInt());
		}
		if (bytes.length == Long.BYTES && LONG_HEADERS.contains(header.name())) {
			return Long.toString(ByteBuffer.wrap(bytes).getLong());
		}
		String text = utf8(bytes);
		boolean printable = text != null
				&& text.chars().allMatch((c) -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t');
		return printable ? text : "base64:" + Base64.getEncoder().encodeToString(bytes);
	}

	private static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	public record HeaderView(String name, String value) {
	}
}
