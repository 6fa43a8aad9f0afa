package io.emabridge.usage.writer;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The unknown tenants in PostgreSQL ({@code unknown_tenant}), where the collector also
 * reads them: a tenant kept here is not published again by each collection.
 */
public class JdbcUnknownTenants implements UnknownTenants {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public JdbcUnknownTenants(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public boolean record(String slug, byte[] snapshot) {
		Timestamp now = Timestamp.from(this.clock.instant());
		Boolean inserted = this.jdbc.queryForObject("""
				insert into unknown_tenant as u (slug, snapshot, first_seen, last_seen) values (?, ?, ?, ?)
				on conflict (slug) do update set snapshot = excluded.snapshot, last_seen = excluded.last_seen,
					snapshots = u.snapshots + 1
				returning (xmax = 0)""", Boolean.class, slug, snapshot, now, now);
		return Boolean.TRUE.equals(inserted);
	}

	@Override
	public int count() {
		Integer count = this.jdbc.queryForObject("select count(*) from unknown_tenant", Integer.class);
		return (count != null) ? count : 0;
	}

	@Override
	public List<Unknown> list(int limit) {
		return this.jdbc.query(
				"select slug, first_seen, last_seen, snapshots from unknown_tenant order by first_seen, slug limit ?",
				(rs, n) -> new Unknown(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
						rs.getInt(4)),
				limit);
	}

	@Override
	public Map<String, byte[]> snapshotsOf(Collection<String> slugs) {
		Map<String, byte[]> snapshots = new LinkedHashMap<>();
		if (!slugs.isEmpty()) {
			this.jdbc.query("select slug, snapshot from unknown_tenant where slug = any (?)",
					(RowCallbackHandler) (rs) -> snapshots.put(rs.getString(1), rs.getBytes(2)),
					(Object) slugs.toArray(String[]::new));
		}
		return snapshots;
	}

	@Override
	public void forget(String slug, byte[] snapshot) {
		this.jdbc.update("delete from unknown_tenant where slug = ? and snapshot = ?", slug, snapshot);
	}

}
