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
		return STATUSES.stream().filter(s -> s.toLowerCase(Locale.ROOT).equals(lower)).findFirst().orElse(null);
	}

	public String customField(int fieldId) {
		return customFields.getOrDefault(fieldId, "");
	}

	public WhmcsService withPid(int newPid) {
		return new WhmcsService(id, clientId, newPid, serverId, domain, username, status, diskUsage, diskLimit, bwUsage,
				bwLimit, lastUpdate, notes, customFields);
	}

	public WhmcsService withDomain(String newDomain) {
		return new WhmcsService(id, clientId, pid, serverId, newDomain, username, status, diskUsage, diskLimit, bwUsage,
				bwLimit, lastUpdate, notes, customFields);
	}

	public WhmcsService withUsername(String newUsername) {
		return new WhmcsService(id, clientId, pid, serverId, domain, newUsername, status, diskUsage, diskLimit, bwUsage,
				bwLimit, lastUpdate, notes, customFields);
	}

	public WhmcsService withStatus(String newStatus) {
		return new WhmcsService(id, clientId, pid, serverId, domain, username, newStatus, diskUsage, diskLimit, bwUsage,
				bwLimit, lastUpdate, notes, customFields);
	}

	public WhmcsService withNotes(String newNotes) {
		return new WhmcsService(id, clientId, pid, serverId, domain, username, status, diskUsage, diskLimit, bwUsage,
				bwLimit, lastUpdate, newNotes, customFields);
	}

	public WhmcsService withUsage(long disk, long diskMax, long bandwidth, long bandwidthMax, String updatedAt) {
		return new WhmcsService(id, clientId, pid, serverId, domain, username, status, disk, diskMax, bandwidth,
				bandwidthMax, updatedAt, notes, customFields);
	}

	public WhmcsService withCustomField(int fieldId, String value) {
		Map<Integer, String> copy = new TreeMap<>(customFields);
		copy.put(fieldId, value);
		return withCustomFields(copy);
	}

	public WhmcsService withCustomFields(Map<Integer, String> values) {
		return new WhmcsService(id, clientId, pid, serverId, domain, username, status, diskUsage, diskLimit, bwUsage,
				bwLimit, lastUpdate, notes, values);
	}

	public WhmcsService withServerId(int newServerId) {
		return new WhmcsService(id, clientId, pid, newServerId, domain, username, status, diskUsage, diskLimit, bwUsage,
				bwLimit, lastUpdate, notes, customFields);
	}
}
