package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The instances sharing a reseller key's rate, in the ledger's database: one row per
 * instance, its last sign of life stamped with the database's clock (the instances'
 * clocks may disagree).
 */
final class JdbcQuotaMembers implements QuotaShare.Members {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	JdbcQuotaMembers(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	@Override
	public List<String> alive(String key, String instance, Duration expiry) {
		return this.transaction.execute((status) -> {
			this.jdbc
				.sql("insert into archive_quota_member (key_tag, instance_id, seen_at) values (:key, :instance, now())"
						+ " on conflict (key_tag, instance_id) do update set seen_at = excluded.seen_at")
				.param("key", key)
				.param("instance", instance)
				.update();
			// the gone are forgotten by whoever looks next
			this.jdbc
				.sql("delete from archive_quota_member where key_tag = :key"
						+ " and seen_at < now() - make_interval(secs => :expiry)")
				.param("key", key)
				.param("expiry", expiry.toMillis() / 1000.0)
				.update();
			return this.jdbc
				.sql("select instance_id from archive_quota_member where key_tag = :key order by instance_id")
				.param("key", key)
				.query(String.class)
				.list();
		});
	}

	@Override
	public void leave(String key, String instance) {
		this.jdbc.sql("delete from archive_quota_member where key_tag = :key and instance_id = :instance")
			.param("key", key)
			.param("instance", instance)
			.update();
	}

}
