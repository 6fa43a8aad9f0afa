package io.emabridge.provisioning.ledger;

import java.sql.ResultSetMetaData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.deadletters.admin.LedgerViews;

/**
 * What the ledger says about the service and the event of a dead letter, read only: the
 * service's desired and applied state and its failure, and the event's state, columns as
 * the ledger names them. Lives here, with the tables, so that the dead-letters library
 * knows none of them; {@code GET /admin/dead-letters/{eventId}} (and {@code dlt show
 * --worker}) show it.
 */
class LedgerDeadLetterViews implements LedgerViews {

	private static final String SERVICE = "select service_id, slug, url, desired_type, desired_status,"
			+ " desired_occurred_at, desired_event_id, applied_status, applied_occurred_at, applied_event_id,"
			+ " terminated, status, attempts, last_failure_reason, last_error, last_failure_at, whmcs_synced,"
			+ " updated_at from service where service_id = ?";

	private static final String EVENT = "select state, deliveries, received_at, state_changed_at"
			+ " from lifecycle_event where event_id = ?";

	private final JdbcTemplate jdbc;

	LedgerDeadLetterViews(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, Map<String, Object>> describe(String serviceId, String eventId) {
		Map<String, Map<String, Object>> view = new LinkedHashMap<>();
		view.put("service", isNumber(serviceId) ? row(SERVICE, Long.parseLong(serviceId)) : Map.of());
		view.put("event", isUuid(eventId) ? row(EVENT, UUID.fromString(eventId)) : Map.of());
		return view;
	}

	private Map<String, Object> row(String sql, Object key) {
		return this.jdbc.query(sql, (rs) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			if (rs.next()) {
				ResultSetMetaData meta = rs.getMetaData();
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					Object value = rs.getObject(i);
					row.put(meta.getColumnLabel(i), (value != null) ? value.toString() : null);
				}
			}
			return row;
		}, key);
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
