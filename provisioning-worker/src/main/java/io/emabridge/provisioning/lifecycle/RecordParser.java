package io.emabridge.provisioning.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import tools.jackson.core.JacksonException;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.Violation;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.ValidatedEvents;

/**
 * Turns a record into an event, or says why it is poison: bytes that are not JSON (or
 * that the deserializer could not read) are {@code undeserializable}; JSON that breaks
 * the v1 schema is an {@code invalid_event}.
 */
final class RecordParser {

	private static final LogAccessor log = new LogAccessor(RecordParser.class);

	private static final int SHOWN_VIOLATIONS = 5;

	Parsed parse(ConsumerRecord<String, byte[]> record) {
		DeserializationException failed = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
		if (failed != null) {
			return poison(DeadLetterReason.UNDESERIALIZABLE,
					"The value could not be deserialized: " + failed.getMessage());
		}
		byte[] value = record.value();
		if (value == null) {
			return poison(DeadLetterReason.UNDESERIALIZABLE, "The record has no value");
		}
		List<Violation> violations = LifecycleEventJson.validate(value);
		if (!violations.isEmpty()) {
			String found = violations.stream()
				.limit(SHOWN_VIOLATIONS)
				.map(Violation::toString)
				.collect(Collectors.joining("; "));
			return poison(isJson(value) ? DeadLetterReason.INVALID_EVENT : DeadLetterReason.UNDESERIALIZABLE,
					"Not a valid lifecycle event: " + found);
		}
		LifecycleEvent event;
		try {
			// the schema has checked everything LifecycleEventJson.read would: read the
			// bytes once more, directly
			event = ValidatedEvents.read(value);
		}
		catch (JacksonException ex) {
			return poison(DeadLetterReason.INVALID_EVENT, "Lifecycle event cannot be read: " + ex.getOriginalMessage());
		}
		List<IncomingEvent.Header> headers = new ArrayList<>();
		for (Header header : record.headers()) {
			headers.add(new IncomingEvent.Header(header.key(), header.value()));
		}
		return new Good(new IncomingEvent(event, value, headers,
				new IncomingEvent.Source(record.topic(), record.partition(), record.offset(), record.timestamp())));
	}

	private static boolean isJson(byte[] value) {
		try {
			LifecycleEventJson.mapper().readTree(value);
			return true;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	private static Poison poison(DeadLetterReason reason, String message) {
		return new Poison(ProvisioningFailure.permanent(reason, message, null));
	}

	/** What a record is. */
	sealed interface Parsed {

	}

	record Good(IncomingEvent event) implements Parsed {
	}

	record Poison(ProvisioningFailure failure) implements Parsed {
	}

}
