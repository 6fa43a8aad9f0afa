package io.emabridge.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.emabridge.testsupport.SharedPostgres;

/**
 * Reads the workers' ledger, for what the archive and the topics cannot show: which
 * instance holds a service's claim, what it recorded as applied.
 */
final class LedgerRows {

	private static final String UNDEFINED_TABLE = "42P01";

	private final SharedPostgres.Database database;

	LedgerRows(SharedPostgres.Database database) {
		this.database = database;
	}

	/**
	 * The service's row, column name to value ({@code claimed_by},
	 * {@code applied_status}, {@code applied_event_id}, ...); empty before its first
	 * event was recorded.
	 */
	Optional<Map<String, Object>> service(long serviceId) {
		try (Connection connection = this.database.connect();
				PreparedStatement statement = connection
					.prepareStatement("select * from service where service_id = ?")) {
			statement.setLong(1, serviceId);
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					return Optional.empty();
				}
				ResultSetMetaData columns = rows.getMetaData();
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= columns.getColumnCount(); i++) {
					row.put(columns.getColumnName(i), rows.getObject(i));
				}
				return Optional.of(row);
			}
		}
		catch (SQLException ex) {
			if (UNDEFINED_TABLE.equals(ex.getSQLState())) {
				// the worker has not migrated the database yet
				return Optional.empty();
			}
			throw new IllegalStateException("Could not read the ledger", ex);
		}
	}

	/** One column of the service's row as text; null when absent or null. */
	String text(long serviceId, String column) {
		return service(serviceId).map((row) -> row.get(column)).map(Object::toString).orElse(null);
	}

}
