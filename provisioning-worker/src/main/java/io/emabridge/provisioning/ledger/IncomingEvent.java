package io.emabridge.provisioning.ledger;

import java.util.List;

import io.emabridge.model.lifecycle.LifecycleEvent;

/**
 * A lifecycle event as it arrived, with what is needed to write it to the dead-letter
 * topic later exactly as it came: the raw bytes, the headers and where it was read from.
 */
public record IncomingEvent(LifecycleEvent event, byte[] raw, List<Header> headers, Source source) {

	public IncomingEvent {
		headers = List.copyOf(headers);
	}

	/** One record header. */
	public record Header(String name, byte[] value) {
	}

	/** Where the record was read: topic, partition, offset and the record's timestamp. */
	public record Source(String topic, int partition, long offset, long timestamp) {
	}
}
