package io.emabridge.provisioning.archive;

import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.testsupport.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate share's table against PostgreSQL. */
class JdbcQuotaMembersTests {

	private JdbcTemplate db;

	private JdbcQuotaMembers members;

	@BeforeEach
	void migrate() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
				database.password());
		Flyway.configure().dataSource(dataSource).load().migrate();
		this.db = new JdbcTemplate(dataSource);
		this.members = new JdbcQuotaMembers(JdbcClient.create(this.db),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
	}

	@Test
	void instancesOfAKeySeeEachOtherInNameOrderAndNotThoseOfAnotherKey() {
		Duration expiry = Duration.ofSeconds(6);
		this.members.alive("k1", "worker-b", expiry);
		this.members.alive("k2", "worker-z", expiry);
		assertThat(this.members.alive("k1", "worker-a", expiry)).containsExactly("worker-a", "worker-b");
		assertThat(this.members.alive("k1", "worker-a", expiry)).as("saying it again adds nothing")
			.containsExactly("worker-a", "worker-b");

		this.members.leave("k1", "worker-b");
		assertThat(this.members.alive("k1", "worker-a", expiry)).containsExactly("worker-a");
	}

	@Test
	void anInstanceThatStoppedSayingItIsAliveIsForgottenAfterTheExpiry() {
		Duration expiry = Duration.ofSeconds(6);
		this.members.alive("k", "gone", expiry);
		this.db.update("update archive_quota_member set seen_at = now() - interval '7 seconds' where instance_id = ?",
				"gone");
		assertThat(this.members.alive("k", "here", expiry)).containsExactly("here");
		assertThat(this.db.queryForObject("select count(*) from archive_quota_member", Integer.class)).isEqualTo(1);
	}

}
