package io.emabridge.usage.writer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

/**
 * What was last written into each WHMCS service ({@code whmcs_usage}), and from which
 * snapshot.
 */
public class WrittenUsageStore {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public WrittenUsageStore(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** What each of these services was last given, for those that were given anything. */
	Map<Long, Written> find(Collection<Long> serviceIds) {
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
	void recordAll(List<Write> writes) {
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

	/** The figures written, and the collection time of the snapshot they came from. */
	record Written(WrittenUsage usage, Instant collectedAt) {
	}

	/** One write into one service. */
	record Write(long serviceId, String slug, Written written) {
	}

}
