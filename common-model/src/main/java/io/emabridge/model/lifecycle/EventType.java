package io.emabridge.model.lifecycle;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The four WHMCS module actions we publish, with their names on the wire (CloudEvents
 * {@code ce_type} too).
 */
public enum EventType {

	CREATE("service.create"), SUSPEND("service.suspend"), UNSUSPEND("service.unsuspend"),
	TERMINATE("service.terminate");

	private final String wireName;

	EventType(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	public static Optional<EventType> fromWireName(String name) {
		return Arrays.stream(values()).filter((t) -> t.wireName.equals(name)).findFirst();
	}

	@JsonCreator
	static EventType parse(String name) {
		return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown event type: " + name));
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
