package io.emabridge.provisioning.drift;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.provisioning.metrics.DatabaseGauges;

/**
 * The reconciler's own reads of the ledger ({@code service}, {@code lifecycle_event}),
 * and its one write: re-arming a service's WHMCS write-back, which the applier then
 * carries out on its own schedule. (Adoptions are the ledger's own writes:
 * {@link io.emabridge.provisioning.ledger.Adoptions}.)
 */
class LedgerReader {

	private static final String COLUMNS = "select service_id, desired_status, applied_status, slug, slug_candidate,"
			+ " status, create_event_id is not null as has_create, whmcs_synced, last_failure_reason, created_at"
			+ " from service";

	/**
	 * Services whose events wait for a create, with no tenant and none being made: the
	 * rule of {@link LedgerServiceView#waitingForCreate()}, in SQL.
	 */
	private static final String WAITING = "select count(*) from service where slug is null and slug_candidate is null"
			+ " and create_event_id is null and desired_event_id is not null and status <> 'failed'"
			+ " and created_at <= now() - make_interval(secs => %d)";

	private final JdbcTemplate jdbc;

	LedgerReader(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<LedgerServiceView> services() {
		return this.jdbc.query(COLUMNS, LedgerReader::row);
	}

	/** The rows of these services, in one query. */
	List<LedgerServiceView> services(Collection<Long> serviceIds) {
		if (serviceIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.query(COLUMNS + " where service_id = any(?)", (PreparedStatement ps) -> {
			Array ids = ps.getConnection().createArrayOf("bigint", serviceIds.toArray());
			ps.setArray(1, ids);
		}, LedgerReader::row);
	}

	/**
	 * Services whose events have waited longer than {@code after} for a create; NaN when
	 * the database cannot be asked.
	 */
	double waitingForCreate(Duration after) {
		return DatabaseGauges.value(this.jdbc, String.format(WAITING, after.toSeconds()));
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
		Timestamp created = rs.getTimestamp("created_at");
		return new LedgerServiceView(rs.getLong("service_id"), rs.getString("desired_status"),
				rs.getString("applied_status"), rs.getString("slug"), rs.getString("slug_candidate"),
				rs.getString("status"), rs.getBoolean("has_create"), rs.getBoolean("whmcs_synced"),
				rs.getString("last_failure_reason"), (created != null) ? created.toInstant() : null);
	}

}
