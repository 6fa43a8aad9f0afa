package io.emabridge.sandbox.whmcs;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A WHMCS service (a row of {@code tblhosting}) with its custom field values. Usage
 * figures are in megabytes.
 *
 * @param lastUpdate WHMCS-style {@code yyyy-MM-dd HH:mm:ss}, {@code 0000-00-00 00:00:00}
 * when never updated
 * @param customFields custom field id to value
 */
public record WhmcsService(long id, long clientId, int pid, int serverId, String domain, String username, String status,
		long diskUsage, long diskLimit, long bwUsage, long bwLimit, String lastUpdate, String notes,
		Map<Integer, String> customFields) {

	public static final String NEVER_UPDATED = "0000-00-00 00:00:00";

	/** The statuses WHMCS knows for a service, in their canonical spelling. */
	public static final Set<String> STATUSES = Set.of("Pending", "Active", "Suspended", "Terminated", "Cancelled",
			"Fraud", "Completed");

	public WhmcsService {
		Objects.requireNonNull(domain, "domain");
		Objects.requireNonNull(username, "username");
		status = canonicalStatus(status);
		if (status == null) {
			throw new IllegalArgumentException("unknown service status");
		}
		Objects.requireNonNull(lastUpdate, "lastUpdate");
		Objects.requireNonNull(notes, "notes");
		customFields = Collections.unmodifiableMap(new TreeMap<>(customFields));
	}

	/**
	 * An Active service of product 1 for client {@code clientId}, with nothing else set.
	 */
	public static WhmcsService of(long id, long clientId) {
		return new WhmcsService(id, clientId, 1, 1, "", "", "Active", 0, 0, 0, 0, NEVER_UPDATED, "", Map.of());
	}

	/**
	 * The canonical spelling of a status (case-insensitive), or null when WHMCS has no
	 * such status.
	 */
	public static String canonicalStatus(String value) {
		if (value == null) {
			return null;
		}
		String lower = value.trim().toLowerCase(Locale.ROOT);
		return STATUSES.stream().filter((s) -> s.toLowerCase(Locale.ROOT).equals(lower)).findFirst().orElse(null);
	}

	public String customField(int fieldId) {
		return this.customFields.getOrDefault(fieldId, "");
	}

	public WhmcsService withPid(int newPid) {
		return new WhmcsService(this.id, this.clientId, newPid, this.serverId, this.domain, this.username, this.status,
				this.diskUsage, this.diskLimit, this.bwUsage, this.bwLimit, this.lastUpdate, this.notes,
				this.customFields);
	}

	public WhmcsService withDomain(String newDomain) {
		return new WhmcsService(this.id, this.clientId, this.pid, this.serverId, newDomain, this.username, this.status,
				this.diskUsage, this.diskLimit, this.bwUsage, this.bwLimit, this.lastUpdate, this.notes,
				this.customFields);
	}

	public WhmcsService withUsername(String newUsername) {
		return new WhmcsService(this.id, this.clientId, this.pid, this.serverId, this.domain, newUsername, this.status,
				this.diskUsage, this.diskLimit, this.bwUsage, this.bwLimit, this.lastUpdate, this.notes,
				this.customFields);
	}

	public WhmcsService withStatus(String newStatus) {
		return new WhmcsService(this.id, this.clientId, this.pid, this.serverId, this.domain, this.username, newStatus,
				this.diskUsage, this.diskLimit, this.bwUsage, this.bwLimit, this.lastUpdate, this.notes,
				this.customFields);
	}

	public WhmcsService withNotes(String newNotes) {
		return new WhmcsService(this.id, this.clientId, this.pid, this.serverId, this.domain, this.username,
				this.status, this.diskUsage, this.diskLimit, this.bwUsage, this.bwLimit, this.lastUpdate, newNotes,
				this.customFields);
	}

	public WhmcsService withUsage(long disk, long diskMax, long bandwidth, long bandwidthMax, String updatedAt) {
		return new WhmcsService(this.id, this.clientId, this.pid, this.serverId, this.domain, this.username,
				this.status, disk, diskMax, bandwidth, bandwidthMax, updatedAt, this.notes, this.customFields);
	}

	public WhmcsService withCustomField(int fieldId, String value) {
		Map<Integer, String> copy = new TreeMap<>(this.customFields);
		copy.put(fieldId, value);
		return withCustomFields(copy);
	}

	public WhmcsService withCustomFields(Map<Integer, String> values) {
		return new WhmcsService(this.id, this.clientId, this.pid, this.serverId, this.domain, this.username,
				this.status, this.diskUsage, this.diskLimit, this.bwUsage, this.bwLimit, this.lastUpdate, this.notes,
				values);
	}

	public WhmcsService withServerId(int newServerId) {
		return new WhmcsService(this.id, this.clientId, this.pid, newServerId, this.domain, this.username, this.status,
				this.diskUsage, this.diskLimit, this.bwUsage, this.bwLimit, this.lastUpdate, this.notes,
				this.customFields);
	}
}
