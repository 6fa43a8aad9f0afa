package io.emabridge.provisioning.notices;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.FailureNotices;

/**
 * Opens and resolves WHMCS notices ({@code whmcs_notice}) as the ledger records failures
 * and recoveries, on the ledger's connection and in its transaction: the notices' SQL
 * lives with the notices, the ledger only says when.
 */
public class JdbcFailureNotices implements FailureNotices {

	private static final String RESOLVE = ", resolved as (update whmcs_notice n set state = 'resolved',"
			+ " resolved_at = :now, resolved_status = svc.applied_status,"
			+ " resolved_events = array(select distinct type from applied order by 1), updated_at = :now"
			+ " from svc where n.service_id = svc.service_id and n.state = 'open' returning n.notice_id)";

	private final JdbcTemplate template;

	public JdbcFailureNotices(JdbcTemplate template) {
		this.template = template;
	}

	@Override
	public void deadLettered(long serviceId, Long clientId, List<UUID> eventIds, DeadLetterReason reason, String error,
			Instant now) {
		this.template.update("insert into whmcs_notice as n (service_id, client_id, reason, error, event_types,"
				+ " opened_at, last_failure_at, next_attempt_at)"
				+ " select ?, ?, ?, ?, array(select distinct e.type from lifecycle_event e where e.event_id = any(?)"
				+ " order by 1), ?, ?, ?"
				+ " on conflict (service_id) where state = 'open' do update set failures = n.failures + 1,"
				+ " reason = excluded.reason, error = excluded.error,"
				+ " event_types = array(select distinct t from unnest(n.event_types || excluded.event_types) t"
				+ " order by 1),"
				+ " last_failure_at = excluded.last_failure_at, client_id = coalesce(n.client_id, excluded.client_id),"
				+ " updated_at = excluded.last_failure_at", (PreparedStatement ps) -> {
					ps.setLong(1, serviceId);
					ps.setObject(2, clientId, Types.BIGINT);
					ps.setString(3, reason.value());
					ps.setString(4, error);
					ps.setArray(5, ps.getConnection().createArrayOf("uuid", eventIds.toArray()));
					ps.setObject(6, ts(now));
					ps.setObject(7, ts(now));
					ps.setObject(8, ts(now));
				});
	}

	/** One notice per wait, resolved when an event of the service is applied. */
	@Override
	public void waitingForCreate(long serviceId, Instant now) {
		this.template.update("insert into whmcs_notice (service_id, reason, error, event_types, opened_at,"
				+ " last_failure_at, next_attempt_at) select ?, ?, ?, array(select distinct e.type from"
				+ " lifecycle_event e where e.service_id = ? and e.state = 'recorded' order by 1), ?, ?, ?"
				+ " on conflict (service_id) where state = 'open' do nothing", (PreparedStatement ps) -> {
					ps.setLong(1, serviceId);
					ps.setString(2, DeadLetterReason.WAITING_FOR_CREATE.value());
					ps.setString(3, "The service has events, but no create event reached the worker and no tenant"
							+ " is the service's own");
					ps.setLong(4, serviceId);
					ps.setObject(5, ts(now));
					ps.setObject(6, ts(now));
					ps.setObject(7, ts(now));
				});
	}

	@Override
	public String resolveOnApplied() {
		return RESOLVE;
	}

	private static OffsetDateTime ts(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
