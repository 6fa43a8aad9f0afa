package io.emabridge.deadletters.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the provisioning worker's ledger says about a service and an event, read-only: the
 * service's desired and applied state and its failure, and the event's state. Columns are
 * shown as the ledger names them.
 */
public final class LedgerView {

	private static final String SERVICE = "select service_id, slug, url, desired_type, desired_status,"
			+ " desired_occurred_at, desired_event_id, applied_status, applied_occurred_at, applied_event_id,"
			+ " terminated, status, attempts, last_failure_reason, last_error, last_failure_at, whmcs_synced,"
			+ " updated_at from service where service_id = ?";

	private static final String EVENT = "select state, deliveries, received_at, state_changed_at"
			+ " from lifecycle_event where event_id = ?";

	private LedgerView() {
	}

	/**
	 * The ledger's rows of the service and of the event, column by column.
	 * @param serviceId the service, as the dead letter names it
	 * @param eventId the event, or null
	 * @return {@code service} and {@code event} (each empty when the ledger does not have
	 * it)
	 */
	public static Map<String, Map<String, Object>> describe(Connection connection, String serviceId, String eventId)
			throws SQLException {
		connection.setReadOnly(true);
		Map<String, Map<String, Object>> view = new LinkedHashMap<>();
		view.put("service", isNumber(serviceId) ? row(connection, SERVICE, Long.parseLong(serviceId)) : Map.of());
		view.put("event", isUuid(eventId) ? row(connection, EVENT, UUID.fromString(eventId)) : Map.of());
		return view;
	}

	private static Map<String, Object> row(Connection connection, String sql, Object key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, key);
			try (ResultSet rs = statement.executeQuery()) {
				Map<String, Object> row = new LinkedHashMap<>();
				if (rs.next()) {
					ResultSetMetaData meta = rs.getMetaData();
					for (int i = 1; i <= meta.getColumnCount(); i++) {
						Object value = rs.getObject(i);
						row.put(meta.getColumnLabel(i), (value != null) ? value.toString() : null);
					}
				}
				return row;
			}
		}
	}

	private static boolean isNumber(String text) {
		return text != null && text.matches("[0-9]{1,18}");
	}

	private static boolean isUuid(String text) {
		try {
			return text != null && UUID.fromString(text).toString().equalsIgnoreCase(text);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
