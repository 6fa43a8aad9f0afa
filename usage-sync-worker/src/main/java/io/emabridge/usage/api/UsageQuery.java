package io.emabridge.usage.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The latest figures of WHMCS services, read from the tenant directory and the last
 * snapshots.
 */
class UsageQuery {

	private static final BigDecimal GIBIBYTE = BigDecimal.valueOf(1024L * 1024L * 1024L);

	private final JdbcTemplate jdbc;

	UsageQuery(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<ServiceUsage> of(Collection<Long> serviceIds) {
		return this.jdbc.query("""
				select t.service_id, t.slug, u.status, u.active_users, u.storage_bytes, u.messages, u.licenses,
					u.collected_at
				from tenant_service t join usage_snapshot u on u.slug = t.slug
				where t.service_id = any (?) order by t.service_id""",
				(rs, n) -> new ServiceUsage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
						rs.getLong(5), gigabytes(rs.getLong(5)), rs.getObject(6, Long.class), rs.getLong(7),
						rs.getTimestamp(8).toInstant()),
				(Object) serviceIds.toArray(Long[]::new));
	}

	Instant lastCollection() {
		Timestamp last = this.jdbc
			.queryForObject("select max(finished_at) from collection_run where status = 'succeeded'", Timestamp.class);
		return (last != null) ? last.toInstant() : null;
	}

	/** GiB with three decimals, as the "Storage (GB)" metric bills it. */
	static BigDecimal gigabytes(long bytes) {
		return BigDecimal.valueOf(bytes).divide(GIBIBYTE, 3, RoundingMode.HALF_UP);
	}

	/** One service's latest figures. */
	record ServiceUsage(long serviceId, String slug, String status, long activeUsers, long storageBytes,
			BigDecimal storageGb, Long messages, long licenses, Instant collectedAt) {
	}

}
