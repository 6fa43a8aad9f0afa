package io.emabridge.provisioning.drift;

import java.util.Locale;
import java.util.Optional;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.EventType;

/**
 * What a WHMCS service status asks of the archive. Terminated, cancelled and fraud
 * services keep a suspended tenant (nothing is ever deleted) or none at all; pending and
 * completed ones ask for nothing.
 *
 * @param tenantRequired whether the service must have a tenant
 * @param archiveStatus the tenant status that matches, {@code null} when any status does
 * @param correction the event that brings the tenant there, {@code null} when there is
 * none
 */
record WhmcsStatus(boolean tenantRequired, String archiveStatus, EventType correction) {

	private static final WhmcsStatus ACTIVE = new WhmcsStatus(true, Tenant.ACTIVE, EventType.UNSUSPEND);

	private static final WhmcsStatus SUSPENDED = new WhmcsStatus(true, Tenant.SUSPENDED, EventType.SUSPEND);

	private static final WhmcsStatus GONE = new WhmcsStatus(false, Tenant.SUSPENDED, EventType.TERMINATE);

	private static final WhmcsStatus FRAUD = new WhmcsStatus(false, Tenant.SUSPENDED, EventType.SUSPEND);

	private static final WhmcsStatus NOTHING = new WhmcsStatus(false, null, null);

	static WhmcsStatus of(String whmcsStatus) {
		return switch (Optional.ofNullable(whmcsStatus).orElse("").trim().toLowerCase(Locale.ROOT)) {
			case "active" -> ACTIVE;
			case "suspended" -> SUSPENDED;
			case "terminated", "cancelled" -> GONE;
			case "fraud" -> FRAUD;
			default -> NOTHING;
		};
	}

	boolean isActive() {
		return this == ACTIVE;
	}
}
