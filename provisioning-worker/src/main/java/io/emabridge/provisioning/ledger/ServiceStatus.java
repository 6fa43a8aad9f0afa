package io.emabridge.provisioning.ledger;

import java.util.Locale;

import io.emabridge.model.lifecycle.EventType;

/**
 * What a service's tenant should be, or is: the four WHMCS actions reduced to three
 * states.
 */
public enum ServiceStatus {

	ACTIVE("active"), SUSPENDED("suspended"),
	/** Terminated in WHMCS: suspended at the archive, never deleted. */
	TERMINATED("suspended");

	private final String archiveStatus;

	ServiceStatus(String archiveStatus) {
		this.archiveStatus = archiveStatus;
	}

	/** The state an event of this type asks for: create and unsuspend ask for active. */
	public static ServiceStatus of(EventType type) {
		return switch (type) {
			case CREATE, UNSUSPEND -> ACTIVE;
			case SUSPEND -> SUSPENDED;
			case TERMINATE -> TERMINATED;
		};
	}

	/**
	 * The tenant status at the archive that realises this state: {@code active} or
	 * {@code suspended}.
	 */
	public String archiveStatus() {
		return this.archiveStatus;
	}

	/**
	 * The value in the ledger and on the tenant state topic: {@code active},
	 * {@code suspended}, {@code terminated}.
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static ServiceStatus fromValue(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
