package io.emabridge.provisioning.modulelog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The failures recorded for the Module Log ({@code failure_log}, filled by the ledger in
 * the transaction that records each dead letter), read past a cursor. Only failures of
 * transactions older than every one still running are returned, so that a reader that
 * moved its cursor past a failure never misses one that commits later with a smaller
 * number.
 */
final class FailureLog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	FailureLog(JdbcTemplate template) {
		this.jdbc = JdbcClient.create(template);
	}

	List<Failure> after(FailureCursor cursor, int limit) {
		return this.jdbc.sql(
				"select recorded_xid::text as xid, failure_id, service_id, event_id, event_type, payload, reason, error,"
						+ " attempts, failed_at from failure_log"
						+ " where (recorded_xid, failure_id) > (cast(:xid as text)::xid8, :id)"
						+ " and recorded_xid < pg_snapshot_xmin(pg_current_snapshot())"
						+ " order by recorded_xid, failure_id limit :limit")
			.param("xid", Long.toString(cursor.xid()))
			.param("id", cursor.id())
			.param("limit", limit)
			.query((rs, n) -> new Failure(
					new FailureCursor(Long.parseLong(rs.getString("xid")), rs.getLong("failure_id")).toString(),
					rs.getLong("service_id"), rs.getObject("event_id", UUID.class), rs.getString("event_type"),
					event(rs.getBytes("payload")), rs.getString("reason"), rs.getString("error"), rs.getInt("attempts"),
					rs.getTimestamp("failed_at").toInstant()))
			.list();
	}

	/** The event as JSON; text when it is not (it was read from the topic as bytes). */
	private static Object event(byte[] payload) {
		if (payload == null) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(payload);
			return (node != null && node.isObject()) ? node : new String(payload, StandardCharsets.UTF_8);
		}
		catch (JacksonException ex) {
			return new String(payload, StandardCharsets.UTF_8);
		}
	}

	/**
	 * One dead letter, as the Module Log shows it.
	 *
	 * @param cursor where a reader stands after it
	 * @param event the event that could not be applied (the call's request)
	 * @param error the archive's answer, or why the worker gave up (the call's response)
	 */
	record Failure(String cursor, long serviceId, UUID eventId, String type, Object event, String reason, String error,
			int attempts, Instant failedAt) {
	}

}
