package io.emabridge.provisioning.lifecycle;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import io.emabridge.provisioning.applier.DeadLetterSink;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.StoredEvent;

/**
 * The applier's dead letters go through the same recoverer as poison records, rebuilt as
 * the record they arrived in, so that both carry the same headers and replay tools need
 * to know only one shape.
 */
class KafkaDeadLetterSink implements DeadLetterSink {

	private final DeadLetterPublishingRecoverer recoverer;

	KafkaDeadLetterSink(DeadLetterPublishingRecoverer recoverer) {
		this.recoverer = recoverer;
	}

	@Override
	public void deadLetter(StoredEvent event, DeadLetter letter) {
		RecordHeaders headers = new RecordHeaders();
		for (IncomingEvent.Header header : event.headers()) {
			headers.add(header.name(), header.value());
		}
		IncomingEvent.Source source = event.source();
		ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(source.topic(), source.partition(),
				source.offset(), source.timestamp(), TimestampType.CREATE_TIME, -1, event.raw().length,
				Long.toString(event.serviceId()), event.raw(), headers, Optional.empty());
		this.recoverer.accept(original, null, new DeadLetteredException(letter));
	}

}
