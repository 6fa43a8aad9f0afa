package io.emabridge.usage.collector;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SnapshotStore} in PostgreSQL: {@code usage_snapshot} and the run's counters, one
 * transaction per page.
 */
class JdbcSnapshotStore implements SnapshotStore {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	JdbcSnapshotStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public Map<String, UsageSnapshot.Figures> lastFigures(Collection<String> slugs) {
		Map<String, UsageSnapshot.Figures> figures = new HashMap<>();
		if (slugs.isEmpty()) {
			return figures;
		}
		this.jdbc
			.query("select slug, status, active_users, storage_bytes, messages, licenses from usage_snapshot"
					+ " where slug = any (?)",
					(RowCallbackHandler) (rs) -> figures.put(rs.getString(1),
							new UsageSnapshot.Figures(rs.getString(2), rs.getLong(3), rs.getLong(4),
									rs.getObject(5, Long.class), rs.getLong(6))),
					(Object) slugs.toArray(String[]::new));
		return figures;
	}

	@Override
	public void recordPage(long runId, List<UsageSnapshot> published, int tenants, int unchanged) {
		this.transactions.executeWithoutResult((status) -> {
			if (!published.isEmpty()) {
				upsert(runId, published);
			}
			this.jdbc.update(
					"update collection_run set pages = pages + 1, tenants = tenants + ?,"
							+ " changed = changed + ?, unchanged = unchanged + ? where id = ?",
					tenants, published.size(), unchanged, runId);
		});
	}

	/**
	 * One statement for the whole page: its rows travel as arrays and are unnested by
	 * PostgreSQL.
	 */
	private void upsert(long runId, List<UsageSnapshot> page) {
		// one row per tenant: a statement may not update the same row twice
		Map<String, UsageSnapshot> bySlug = new LinkedHashMap<>();
		page.forEach((snapshot) -> bySlug.put(snapshot.slug(), snapshot));
		List<UsageSnapshot> snapshots = List.copyOf(bySlug.values());
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("""
					insert into usage_snapshot (slug, status, active_users, storage_bytes, messages, licenses,
						collected_at, run_id)
					select u.slug, u.status, u.active_users, u.storage_bytes, u.messages, u.licenses, u.collected_at, ?
					from unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
						?::timestamptz[]) as u (slug, status, active_users, storage_bytes, messages, licenses,
						collected_at)
					on conflict (slug) do update set status = excluded.status,
						active_users = excluded.active_users, storage_bytes = excluded.storage_bytes,
						messages = excluded.messages, licenses = excluded.licenses,
						collected_at = excluded.collected_at, run_id = excluded.run_id""");
			statement.setLong(1, runId);
			statement.setArray(2,
					connection.createArrayOf("text", snapshots.stream().map(UsageSnapshot::slug).toArray()));
			statement.setArray(3,
					connection.createArrayOf("text", snapshots.stream().map(UsageSnapshot::status).toArray()));
			statement.setArray(4,
					connection.createArrayOf("bigint", snapshots.stream().map(UsageSnapshot::activeUsers).toArray()));
			statement.setArray(5,
					connection.createArrayOf("bigint", snapshots.stream().map(UsageSnapshot::storageBytes).toArray()));
			statement.setArray(6,
					connection.createArrayOf("bigint", snapshots.stream().map(UsageSnapshot::messages).toArray()));
			statement.setArray(7,
					connection.createArrayOf("bigint", snapshots.stream().map(UsageSnapshot::licenses).toArray()));
			statement.setArray(8, connection.createArrayOf("timestamptz",
					snapshots.stream().map((s) -> Timestamp.from(s.collectedAt())).toArray()));
			return statement;
		});
	}

}
