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
 * Which WHMCS service each tenant belongs to, materialised from the tenant state topic in
 * {@code tenant_service}. Newest wins per service: a record older (by its event's time,
 * then its write time) than the one held is ignored.
 */
public class TenantDirectory {

	private final JdbcTemplate jdbc;

	public TenantDirectory(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Applies the records (newest wins); returns how many were applied, the rest were
	 * stale.
	 */
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

	/** The services of a tenant: normally one; none when no tenant state names it. */
	public List<Long> servicesOf(String slug) {
		return this.jdbc.queryForList("select service_id from tenant_service where slug = ? order by service_id",
				Long.class, slug);
	}

	/** The services of each of these tenants that has any. */
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

	/** The slug of each of these services that has one. */
	public Map<Long, String> slugsOf(Collection<Long> serviceIds) {
		Map<Long, String> slugs = new HashMap<>();
		if (serviceIds.isEmpty()) {
			return slugs;
		}
		this.jdbc.query("select service_id, slug from tenant_service where service_id = any (?)",
				(RowCallbackHandler) (rs) -> slugs.put(rs.getLong(1), rs.getString(2)),
				(Object) serviceIds.toArray(Long[]::new));
		return slugs;
	}

}
