package io.emabridge.provisioning.drift;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reconciler's own reads of the ledger ({@code service}, {@code lifecycle_event}),
 * and its one write: re-arming a service's WHMCS write-back, which the applier then
 * carries out on its own schedule.
 */
class LedgerReader {

	private static final String COLUMNS = "select service_id, desired_status, applied_status, slug, slug_candidate,"
			+ " status, create_event_id is not null as has_create, whmcs_synced, last_failure_reason from service";

	private final JdbcTemplate jdbc;

	LedgerReader(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<LedgerServiceView> services() {
		return this.jdbc.query(COLUMNS, LedgerReader::row);
	}

	Optional<LedgerServiceView> service(long serviceId) {
		return this.jdbc.query(COLUMNS + " where service_id = ?", LedgerReader::row, serviceId).stream().findFirst();
	}

	/** The payload of the service's newest create event, as it was received. */
	Optional<byte[]> createPayload(long serviceId) {
		return this.jdbc
			.query("select e.payload from service s join lifecycle_event e on e.event_id = s.create_event_id"
					+ " where s.service_id = ?", (rs, n) -> rs.getBytes(1), serviceId)
			.stream()
			.findFirst();
	}

	/**
	 * Makes the write-back of the service's slug and URL into WHMCS due now.
	 * @return whether the service has a tenant, and so a slug to write
	 */
	boolean rearmWriteBack(long serviceId, Instant now) {
		Timestamp at = Timestamp.from(now);
		return this.jdbc.update(
				"update service set whmcs_synced = false, whmcs_attempts = 0, whmcs_next_attempt_at = ?,"
						+ " whmcs_last_error = null, updated_at = ? where service_id = ? and slug is not null",
				at, at, serviceId) == 1;
	}

	private static LedgerServiceView row(ResultSet rs, int rowNum) throws SQLException {
		return new LedgerServiceView(rs.getLong("service_id"), rs.getString("desired_status"),
				rs.getString("applied_status"), rs.getString("slug"), rs.getString("slug_candidate"),
				rs.getString("status"), rs.getBoolean("has_create"), rs.getBoolean("whmcs_synced"),
				rs.getString("last_failure_reason"));
	}

}
