package io.emabridge.usage.collector;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

/**
 * {@link SnapshotStore} in PostgreSQL: {@code usage_snapshot} and the run's counters, one
 * transaction per page. Whether WHMCS holds a tenant's figures is read from where the
 * writer records what it gave WHMCS ({@code whmcs_usage}, per service of
 * {@code tenant_service}) and the snapshots it keeps for tenants without a service
 * ({@code unknown_tenant}): no second copy to keep in step, and no race with a writer
 * that is quicker than the page's record.
 */
class JdbcSnapshotStore implements SnapshotStore {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	JdbcSnapshotStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public Map<String, Last> lastFigures(Collection<String> slugs) {
		Map<String, Found> found = new HashMap<>();
		if (slugs.isEmpty()) {
			return Map.of();
		}
		// one row per service of a tenant (one row without a service when it has none)
		this.jdbc.query("""
				select s.slug, s.status, s.active_users, s.storage_bytes, s.messages, s.licenses,
					t.service_id, w.service_id, w.disk_usage_mb, w.active_users, w.licenses,
					exists (select 1 from unknown_tenant u where u.slug = s.slug)
				from usage_snapshot s
				left join tenant_service t on t.slug = s.slug
				left join whmcs_usage w on w.service_id = t.service_id
				where s.slug = any (?)""", (RowCallbackHandler) (rs) -> {
			Found tenant = found.get(rs.getString(1));
			if (tenant == null) {
				tenant = new Found(new UsageSnapshot.Figures(rs.getString(2), rs.getLong(3), rs.getLong(4),
						rs.getObject(5, Long.class), rs.getLong(6)), rs.getBoolean(12));
				found.put(rs.getString(1), tenant);
			}
			if (rs.getObject(7) != null) {
				tenant.services++;
			}
			if (rs.getObject(8) != null) {
				tenant.held.add(new WrittenUsage(rs.getLong(9), rs.getLong(10), rs.getLong(11)));
			}
		}, (Object) slugs.toArray(String[]::new));
		Map<String, Last> last = new HashMap<>();
		found.forEach((slug, tenant) -> last.put(slug,
				new Last(tenant.figures, Delivery.of(tenant.figures, tenant.services, tenant.held, tenant.kept))));
		return last;
	}

	@Override
	public void recordPage(RunClaim claim, List<UsageSnapshot> published, PageCounts counts) {
		this.transactions.executeWithoutResult((status) -> {
			checkClaim(claim);
			if (!published.isEmpty()) {
				upsert(claim.runId(), published);
			}
			this.jdbc.update(
					"update collection_run set pages = pages + 1, tenants = tenants + ?,"
							+ " changed = changed + ?, resent = resent + ?, unchanged = unchanged + ? where id = ?",
					counts.tenants(), counts.changed(), counts.resent(), counts.unchanged(), claim.runId());
		});
	}

	/**
	 * The run's row is locked first: an instance that takes the lock over marks running
	 * runs abandoned, and so waits until this page is committed, or this page sees the
	 * run abandoned. Then the lock itself, as this transaction sees it.
	 */
	private void checkClaim(RunClaim claim) {
		List<String> status = this.jdbc.queryForList("select status from collection_run where id = ? for update",
				String.class, claim.runId());
		if (status.isEmpty() || !"running".equals(status.get(0))) {
			throw new LostClaimException("Run " + claim.runId() + " is no longer running ("
					+ (status.isEmpty() ? "gone" : status.get(0)) + "): another instance took over");
		}
		Boolean held = this.jdbc.execute((ConnectionCallback<Boolean>) claim.lock()::isHeldAsSeenFrom);
		if (!Boolean.TRUE.equals(held)) {
			throw new LostClaimException("This instance no longer holds the collector lock (its database session"
					+ " ended): run " + claim.runId() + " records nothing more");
		}
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

	/** What the lookup found of one tenant. */
	private static final class Found {

		final UsageSnapshot.Figures figures;

		final boolean kept;

		final List<WrittenUsage> held = new ArrayList<>();

		int services;

		Found(UsageSnapshot.Figures figures, boolean kept) {
			this.figures = figures;
			this.kept = kept;
		}

	}

}
