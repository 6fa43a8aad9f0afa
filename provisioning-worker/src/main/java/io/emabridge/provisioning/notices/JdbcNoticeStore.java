package io.emabridge.provisioning.notices;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.StorableText;

/**
 * The notices in the ledger ({@code whmcs_notice}). Claims are leases like the applier's:
 * taken with {@code for update skip locked}, so that two instances never claim one
 * notice, and held without a transaction while WHMCS is called. Every write names the
 * claiming instance; the listener's side (opening and resolving, in {@code JdbcLedger})
 * never touches the columns written here, so that neither overwrites the other.
 */
class JdbcNoticeStore implements NoticeStore {

	private static final int MAX_ERROR = 2000;

	private final JdbcClient jdbc;

	private final Duration lease;

	JdbcNoticeStore(JdbcTemplate template, Duration lease) {
		this.jdbc = JdbcClient.create(template);
		this.lease = lease;
	}

	@Override
	public List<Notice> claimDue(String worker, int limit, Instant now) {
		return this.jdbc
			.sql("with due as (select notice_id from whmcs_notice where due_at <= :now"
					+ " and (claimed_until is null or claimed_until < :now) order by due_at limit :limit"
					+ " for update skip locked)"
					+ " update whmcs_notice n set claimed_by = :worker, claimed_until = :until from due"
					+ " where n.notice_id = due.notice_id returning n.*")
			.param("now", ts(now))
			.param("limit", limit)
			.param("worker", worker)
			.param("until", ts(now.plus(this.lease)))
			.query(JdbcNoticeStore::notice)
			.list();
	}

	@Override
	public boolean failuresTold(long noticeId, String worker, int failures, Long ticketId, String ticketNumber,
			Instant now) {
		return this.jdbc.sql("update whmcs_notice set failures_told = greatest(failures_told, :failures),"
				+ " ticket_id = coalesce(ticket_id, :ticketId), ticket_number = coalesce(ticket_number, :ticketNumber),"
				+ " updated_at = :now where notice_id = :id and claimed_by = :worker")
			.param("failures", failures)
			.param("ticketId", ticketId, Types.BIGINT)
			.param("ticketNumber", ticketNumber, Types.VARCHAR)
			.param("now", ts(now))
			.param("id", noticeId)
			.param("worker", worker)
			.update() == 1;
	}

	@Override
	public boolean ticketOpening(long noticeId, String worker, Instant now) {
		return update(noticeId, worker, now, "ticket_open_started_at = coalesce(ticket_open_started_at, :now)",
				Map.of());
	}

	@Override
	public boolean failuresLogged(long noticeId, String worker, int failures, Instant now) {
		return update(noticeId, worker, now, "failures_logged = greatest(failures_logged, :failures)",
				Map.of("failures", failures));
	}

	@Override
	public boolean recoveryTold(long noticeId, String worker, Instant now) {
		return update(noticeId, worker, now, "recovery_told = true", Map.of());
	}

	@Override
	public boolean recoveryLogged(long noticeId, String worker, Instant now) {
		return update(noticeId, worker, now, "recovery_logged = true", Map.of());
	}

	@Override
	public void rejected(long noticeId, String worker, String error, Instant now) {
		update(noticeId, worker, now, "last_error = :error", Map.of("error", cut(error)));
	}

	@Override
	public void retry(long noticeId, String worker, String error, Instant nextAttemptAt, Instant now) {
		update(noticeId, worker, now,
				"attempts = attempts + 1, last_error = :error, next_attempt_at = :next,"
						+ " claimed_by = null, claimed_until = null",
				Map.of("error", cut(error), "next", ts(nextAttemptAt)));
	}

	@Override
	public void release(long noticeId, String worker, Instant now) {
		// due again at once if a failure or the recovery was recorded meanwhile
		update(noticeId, worker, now, "attempts = 0, next_attempt_at = :now, claimed_by = null, claimed_until = null",
				Map.of());
	}

	private boolean update(long noticeId, String worker, Instant now, String assignments, Map<String, ?> params) {
		return this.jdbc
			.sql("update whmcs_notice set " + assignments + ", updated_at = :now"
					+ " where notice_id = :id and claimed_by = :worker")
			.params(params)
			.param("now", ts(now))
			.param("id", noticeId)
			.param("worker", worker)
			.update() == 1;
	}

	private static Notice notice(ResultSet rs, int row) throws SQLException {
		long ticketId = rs.getLong("ticket_id");
		boolean noTicket = rs.wasNull();
		long clientId = rs.getLong("client_id");
		boolean noClient = rs.wasNull();
		return new Notice(rs.getLong("notice_id"), rs.getLong("service_id"), noClient ? null : clientId,
				"resolved".equals(rs.getString("state")), DeadLetterReason.fromValue(rs.getString("reason")),
				rs.getString("error"), strings(rs.getArray("event_types")), rs.getInt("failures"),
				instant(rs, "opened_at"), instant(rs, "last_failure_at"), instant(rs, "resolved_at"),
				rs.getString("resolved_status"), strings(rs.getArray("resolved_events")), rs.getInt("failures_told"),
				rs.getInt("failures_logged"), noTicket ? null : ticketId, rs.getString("ticket_number"),
				rs.getBoolean("recovery_told"), rs.getBoolean("recovery_logged"), rs.getInt("attempts"),
				rs.getObject("ticket_open_started_at") != null);
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array != null) ? Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList() : List.of();
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime ts(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String cut(String error) {
		String text = StorableText.of(Objects.requireNonNullElse(error, ""));
		return (text.length() <= MAX_ERROR) ? text : text.substring(0, MAX_ERROR);
	}

}
