package io.emabridge.provisioning.ledger;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;

/** A recorded event as the ledger keeps it, enough to dead-letter it as it arrived. */
public record StoredEvent(EventVersion version, long serviceId, EventType type, byte[] raw,
		java.util.List<IncomingEvent.Header> headers, IncomingEvent.Source source) {
}
