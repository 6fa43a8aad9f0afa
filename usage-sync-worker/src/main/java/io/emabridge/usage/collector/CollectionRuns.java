package io.emabridge.usage.collector;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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

	/** Records what became of each account's part of a run. */
	void recordAccounts(long runId, List<CollectionResult.AccountOutcome> accounts) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.batchUpdate(
				"insert into collection_run_account (run_id, account, key_fingerprint, status, tenants, error,"
						+ " finished_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (run_id, account) do nothing",
				accounts.stream()
					.map((a) -> new Object[] { runId, a.account(), a.key(), a.succeeded() ? "succeeded" : "failed",
							a.tenants(), (a.error() != null) ? cut(a.error()) : null, now })
					.toList());
	}

	/**
	 * When a run last collected every tenant of an account, over every instance.
	 * @param account {@code default} or the account's WHMCS server id
	 */
	public Optional<Instant> lastAccountSuccess(String account) {
		Timestamp last = this.jdbc.queryForObject(
				"select max(finished_at) from collection_run_account where account = ? and status = 'succeeded'",
				Timestamp.class, account);
		return Optional.ofNullable(last).map(Timestamp::toInstant);
	}

	/** When the last run succeeded, over every instance. */
	public Optional<Instant> lastSuccess() {
		Timestamp last = this.jdbc
			.queryForObject("select max(finished_at) from collection_run where status = 'succeeded'", Timestamp.class);
		return Optional.ofNullable(last).map(Timestamp::toInstant);
	}

	/** The newest runs, newest first, each with its accounts' parts. */
	public List<Run> recent(int limit) {
		List<Run> runs = this.jdbc.query(
				"select id, instance_id, trigger, status, started_at, finished_at, pages, tenants,"
						+ " changed, resent, unchanged, error from collection_run order by id desc limit ?",
				(rs, n) -> new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getTimestamp(5).toInstant(),
						Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant).orElse(null), rs.getInt(7),
						rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getString(12), List.of()),
				limit);
		if (runs.isEmpty()) {
			return runs;
		}
		Map<Long, List<AccountRun>> accounts = new HashMap<>();
		RowCallbackHandler byRun = (rs) -> accounts.computeIfAbsent(rs.getLong(1), (id) -> new ArrayList<>())
			.add(new AccountRun(rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
		this.jdbc.query(
				"select run_id, account, key_fingerprint, status, tenants, error from collection_run_account"
						+ " where run_id between ? and ? order by run_id, account",
				byRun, runs.get(runs.size() - 1).id(), runs.get(0).id());
		return runs.stream().map((run) -> run.withAccounts(accounts.getOrDefault(run.id(), List.of()))).toList();
	}

	public Optional<Run> find(long runId) {
		return recent(Integer.MAX_VALUE).stream().filter((r) -> r.id() == runId).findFirst();
	}

	private static String cut(String text) {
		String value = (text != null) ? text : "unknown error";
		return (value.length() <= 1000) ? value : value.substring(0, 1000);
	}

	/**
	 * One row of {@code collection_run}, with its accounts' parts (none for a run still
	 * going, or one that ended before reading them all).
	 */
	public record Run(long id, String instanceId, String trigger, String status, Instant startedAt, Instant finishedAt,
			int pages, int tenants, int changed, int resent, int unchanged, String error, List<AccountRun> accounts) {

		Run withAccounts(List<AccountRun> parts) {
			return new Run(this.id, this.instanceId, this.trigger, this.status, this.startedAt, this.finishedAt,
					this.pages, this.tenants, this.changed, this.resent, this.unchanged, this.error,
					List.copyOf(parts));
		}

	}

	/**
	 * One account's part of a run: {@code account} is {@code default} or its WHMCS server
	 * id, {@code key} its key's fingerprint, {@code error} why it failed.
	 */
	public record AccountRun(String account, String key, String status, int tenants, String error) {
	}

}
