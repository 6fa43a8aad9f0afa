package io.emabridge.usage.tenantstate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The tenant directory in PostgreSQL ({@code tenant_service}), where the newest-wins rule
 * is one conditional upsert, so that instances applying records at once cannot overwrite
 * a newer record with an older one.
 */
public class JdbcTenantDirectory implements TenantDirectory {

	private final JdbcTemplate jdbc;

	public JdbcTenantDirectory(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public int apply(List<TenantStateRecord> records) {
		int[][] counts = this.jdbc.batchUpdate("""
				insert into tenant_service as t (service_id, slug, url, status, occurred_at, event_id, updated_at)
				values (?, ?, ?, ?, ?, ?, ?)
				on conflict (service_id) do update set slug = excluded.slug, url = excluded.url,
					status = excluded.status, occurred_at = excluded.occurred_at, event_id = excluded.event_id,
					updated_at = excluded.updated_at
				where excluded.occurred_at > t.occurred_at
					or (excluded.occurred_at = t.occurred_at and excluded.updated_at >= t.updated_at)""", records, 500,
				(ps, r) -> {
					ps.setLong(1, r.serviceId());
					ps.setString(2, r.slug());
					ps.setString(3, r.url());
					ps.setString(4, r.status());
					ps.setTimestamp(5, Timestamp.from(r.occurredAt()));
					ps.setObject(6, r.eventId());
					ps.setTimestamp(7, Timestamp.from(r.updatedAt()));
				});
		int applied = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				applied += (count > 0 || count == java.sql.Statement.SUCCESS_NO_INFO) ? 1 : 0;
			}
		}
		return applied;
	}

	@Override
	public Map<String, List<Long>> servicesOf(Collection<String> slugs) {
		Map<String, List<Long>> services = new HashMap<>();
		if (slugs.isEmpty()) {
			return services;
		}
		this.jdbc.query("select slug, service_id from tenant_service where slug = any (?) order by service_id",
				(RowCallbackHandler) (rs) -> services.computeIfAbsent(rs.getString(1), (slug) -> new ArrayList<>())
					.add(rs.getLong(2)),
				(Object) slugs.toArray(String[]::new));
		return services;
	}

}
