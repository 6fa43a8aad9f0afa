package io.emabridge.usage.collector;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code collection_run} table: one row per run, so that operators (and the staleness
 * gauge) can see them.
 */
public class CollectionRuns {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public CollectionRuns(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Starts a run; call only while holding the collector lock. A run still marked
	 * running belonged to an instance that died (it would hold the lock otherwise), so it
	 * is marked abandoned first.
	 */
	long start(String instanceId, String trigger) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.transactions.execute((status) -> {
			this.jdbc.update("update collection_run set status = 'abandoned', finished_at = ?,"
					+ " error = 'the collecting instance stopped before the run ended' where status = 'running'", now);
			return this.jdbc.queryForObject("insert into collection_run (instance_id, trigger, status, started_at)"
					+ " values (?, ?, 'running', ?) returning id", Long.class, instanceId, trigger, now);
		});
	}

	/**
	 * Marks the run succeeded, if it is still running.
	 * @return false when it was not: another instance marked it abandoned meanwhile (or
	 * it had ended already)
	 */
	boolean succeeded(long runId) {
		return this.jdbc.update(
				"update collection_run set status = 'succeeded', finished_at = ? where id = ? and status = 'running'",
				Timestamp.from(this.clock.instant()), runId) == 1;
	}

	/**
	 * Marks the run failed, if it is still running.
	 * @return false when it was not: another instance marked it abandoned meanwhile (or
	 * it had ended already)
	 */
	boolean failed(long runId, String error) {
		return this.jdbc.update(
				"update collection_run set status = 'failed', finished_at = ?, error = ? where id = ? and status = 'running'",
				Timestamp.from(this.clock.instant()), cut(error), runId) == 1;
	}

	/** When the last run succeeded, over every instance. */
	public Optional<Instant> lastSuccess() {
		Timestamp last = this.jdbc
			.queryForObject("select max(finished_at) from collection_run where status = 'succeeded'", Timestamp.class);
		return Optional.ofNullable(last).map(Timestamp::toInstant);
	}

	/** The newest runs, newest first. */
	public List<Run> recent(int limit) {
		return this.jdbc.query(
				"select id, instance_id, trigger, status, started_at, finished_at, pages, tenants,"
						+ " changed, resent, unchanged, error from collection_run order by id desc limit ?",
				(rs, n) -> new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getTimestamp(5).toInstant(),
						Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant).orElse(null), rs.getInt(7),
						rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getString(12)),
				limit);
	}

	public Optional<Run> find(long runId) {
		return recent(Integer.MAX_VALUE).stream().filter((r) -> r.id() == runId).findFirst();
	}

	private static String cut(String text) {
		String value = (text != null) ? text : "unknown error";
		return (value.length() <= 1000) ? value : value.substring(0, 1000);
	}

	/** One row of {@code collection_run}. */
	public record Run(long id, String instanceId, String trigger, String status, Instant startedAt, Instant finishedAt,
			int pages, int tenants, int changed, int resent, int unchanged, String error) {
	}

}
