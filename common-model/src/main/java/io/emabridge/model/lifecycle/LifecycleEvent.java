package io.emabridge.model.lifecycle;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A WHMCS service lifecycle event, version 1. The JSON shape is pinned by
 * {@code schemas/lifecycle-event-v1.schema.json}; the {@code type} property selects the
 * record.
 * <p>
 * {@code eventId} is the same when WHMCS sends the same action again, which is what makes
 * delivery idempotent; {@code occurredAt} (with {@code eventId} as tie-breaker) orders a
 * service's events so that the newest wins.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = ServiceCreated.class, name = "service.create"),
		@JsonSubTypes.Type(value = ServiceSuspended.class, name = "service.suspend"),
		@JsonSubTypes.Type(value = ServiceUnsuspended.class, name = "service.unsuspend"),
		@JsonSubTypes.Type(value = ServiceTerminated.class, name = "service.terminate") })
public sealed interface LifecycleEvent permits ServiceCreated, ServiceSuspended, ServiceUnsuspended, ServiceTerminated {

	UUID eventId();

	Instant occurredAt();

	long serviceId();

	Long clientId();

	Long productId();

	Long serverId();

	@JsonIgnore
	EventType type();

	/**
	 * The record key on the lifecycle topic: the WHMCS service id as a decimal string.
	 */
	@JsonIgnore
	default String key() {
		return Long.toString(serviceId());
	}

	/**
	 * The version that orders this service's events: later {@code occurredAt} wins, then
	 * the larger event id.
	 */
	@JsonIgnore
	default EventVersion version() {
		return new EventVersion(occurredAt(), eventId());
	}

}
