package io.emabridge.deadletters.letter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * One record of a dead-letter topic, exactly as it was read (key, value and every header
 * as bytes), with what operators look for read out of its headers, or out of its value
 * when the headers do not say.
 *
 * @param topic the dead-letter topic
 * @param timestamp when the record was dead-lettered (its Kafka timestamp)
 * @param fields the event's id, type and service read from the value when it is a JSON
 * object
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value,
		List<Header> headers, EventFields fields) {

	/** Where the dead letter is: its unique name, also the key of the replay memory. */
	public String position() {
		return this.topic + "/" + this.partition + "/" + this.offset;
	}

	/** The last header of that name, as text. */
	public Optional<String> header(String name) {
		for (int i = this.headers.size() - 1; i >= 0; i--) {
			Header header = this.headers.get(i);
			if (header.name().equals(name)) {
				return Optional.ofNullable(header.text());
			}
		}
		return Optional.empty();
	}

	public String keyText() {
		return (this.key != null) ? new String(this.key, StandardCharsets.UTF_8) : null;
	}

	/** The CloudEvents id, else the value's {@code eventId}. */
	public String eventId() {
		return header(DltHeaders.CE_ID).or(() -> Optional.ofNullable(this.fields.eventId())).orElse(null);
	}

	/** The value's {@code type}, else the CloudEvents type. */
	public String eventType() {
		return Optional.ofNullable(this.fields.type()).or(() -> header(DltHeaders.CE_TYPE)).orElse(null);
	}

	/**
	 * The CloudEvents subject (the service id on lifecycle records), else the value's
	 * {@code serviceId}, else the key.
	 */
	public String serviceId() {
		return header(DltHeaders.CE_SUBJECT).or(() -> Optional.ofNullable(this.fields.serviceId()))
			.orElseGet(this::keyText);
	}

	/** The workers' reason, else the failure's exception class, else {@code unknown}. */
	public String reason() {
		return header(DltHeaders.REASON)
			.or(() -> header(DltHeaders.EXCEPTION_FQCN).map((name) -> name.substring(name.lastIndexOf('.') + 1)))
			.orElse("unknown");
	}

	public Integer attempts() {
		return header(DltHeaders.ATTEMPTS).map(DeadLetter::integer).orElse(null);
	}

	public Instant firstFailure() {
		return header(DltHeaders.FIRST_FAILURE).map(DeadLetter::instant).orElse(null);
	}

	public Instant lastFailure() {
		return header(DltHeaders.LAST_FAILURE).map(DeadLetter::instant).orElse(null);
	}

	public String exceptionMessage() {
		return header(DltHeaders.EXCEPTION_MESSAGE).orElse(null);
	}

	/** The topic the record failed on, from spring-kafka's header. */
	public Optional<String> originalTopic() {
		return header(DltHeaders.ORIGINAL_TOPIC);
	}

	/** How many times the failed record itself had been replayed already. */
	public int replayCount() {
		return header(DltHeaders.REPLAY_COUNT).map(DeadLetter::integer).orElse(0);
	}

	private static Integer integer(String text) {
		try {
			return Integer.valueOf(text.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Instant instant(String text) {
		try {
			return Instant.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** A header as it is on the wire; {@link #text()} for showing it. */
	public record Header(String name, byte[] value) {

		public String text() {
			return (this.value != null) ? new String(this.value, StandardCharsets.UTF_8) : null;
		}
	}
}
