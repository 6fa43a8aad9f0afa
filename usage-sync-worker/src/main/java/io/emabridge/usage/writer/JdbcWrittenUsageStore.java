package io.emabridge.usage.writer;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

/**
 * What was last written into each WHMCS service, in PostgreSQL ({@code whmcs_usage}),
 * where the collector reads it to tell which tenants' figures WHMCS holds.
 */
public class JdbcWrittenUsageStore implements WrittenUsageStore {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public JdbcWrittenUsageStore(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public Map<Long, Written> find(Collection<Long> serviceIds) {
		Map<Long, Written> written = new HashMap<>();
		if (serviceIds.isEmpty()) {
			return written;
		}
		this.jdbc.query(
				"select service_id, disk_usage_mb, active_users, licenses, collected_at from whmcs_usage"
						+ " where service_id = any (?)",
				(RowCallbackHandler) (rs) -> written.put(rs.getLong(1), new Written(
						new WrittenUsage(rs.getLong(2), rs.getLong(3), rs.getLong(4)), rs.getTimestamp(5).toInstant())),
				(Object) serviceIds.toArray(Long[]::new));
		return written;
	}

	/** Records writes, one round trip for all of them. */
	@Override
	public void recordAll(List<Write> writes) {
		if (writes.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.batchUpdate(
				"""
						insert into whmcs_usage (service_id, slug, disk_usage_mb, active_users, licenses, collected_at, written_at)
						values (?, ?, ?, ?, ?, ?, ?)
						on conflict (service_id) do update set slug = excluded.slug, disk_usage_mb = excluded.disk_usage_mb,
							active_users = excluded.active_users, licenses = excluded.licenses,
							collected_at = excluded.collected_at, written_at = excluded.written_at""",
				writes, 500, (ps, write) -> {
					ps.setLong(1, write.serviceId());
					ps.setString(2, write.slug());
					ps.setLong(3, write.written().usage().diskUsageMegabytes());
					ps.setLong(4, write.written().usage().activeUsers());
					ps.setLong(5, write.written().usage().licenses());
					ps.setTimestamp(6, Timestamp.from(write.written().collectedAt()));
					ps.setTimestamp(7, now);
				});
	}

}
