package io.emabridge.model.topic;

import java.util.LinkedHashMap;
import java.util.Map;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as
 * {@code ce_}-prefixed headers and the record value is the event itself, so generic Kafka
 * tooling can read our records.
 */
public final class CloudEventHeaders {

	public static final String SPEC_VERSION = "ce_specversion";

	public static final String ID = "ce_id";

	public static final String TYPE = "ce_type";

	public static final String SOURCE = "ce_source";

	public static final String TIME = "ce_time";

	public static final String SUBJECT = "ce_subject";

	public static final String CONTENT_TYPE = "content-type";

	public static final String SPEC_VERSION_1_0 = "1.0";

	public static final String JSON = "application/json";

	private CloudEventHeaders() {
	}

	/**
	 * The headers of a lifecycle event's record, name to value in the binding's order:
	 * one definition for every publisher (the gateway, the worker's reconciler), so that
	 * their records cannot differ.
	 * @param source the {@code ce_source} attribute: who published the event
	 */
	public static Map<String, String> of(LifecycleEvent event, String source) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
		headers.put(ID, event.eventId().toString());
		headers.put(TYPE, event.type().wireName());
		headers.put(SOURCE, source);
		headers.put(TIME, LifecycleEventJson.formatInstant(event.occurredAt()));
		headers.put(SUBJECT, event.key());
		headers.put(CONTENT_TYPE, JSON);
		return headers;
	}

}
