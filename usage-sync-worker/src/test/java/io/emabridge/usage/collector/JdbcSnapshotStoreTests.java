package io.emabridge.usage.collector;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.support.jdbc.AdvisoryLock;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The snapshot store against a real PostgreSQL: whether WHMCS holds a tenant's figures,
 * and a page recorded only under the run's claim.
 */
class JdbcSnapshotStoreTests {

	private static final long MIB = 1024L * 1024L;

	private static SharedPostgres.Database database;

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private static JdbcSnapshotStore store;

	private static CollectionRuns runs;

	private static AdvisoryLock lock;

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	private AdvisoryLock.Held held;

	private long runId;

	@BeforeAll
	static void migrate() {
		database = SharedPostgres.newDatabase();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(4);
		Flyway.configure().dataSource(dataSource).load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
		store = new JdbcSnapshotStore(jdbc, transactions);
		runs = new CollectionRuns(jdbc, transactions, Clock.systemUTC());
		lock = new AdvisoryLock(new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(),
				database.username(), database.password()), 7414212, "the collector lock");
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@BeforeEach
	void startRun() {
		this.held = lock.tryAcquire().orElseThrow();
		this.runId = runs.start("test", "admin");
	}

	@AfterEach
	void endRun() {
		runs.succeeded(this.runId);
		this.held.close();
	}

	@Test
	void theLastFiguresSayWhetherWhmcsHoldsThem() {
		String delivered = slug();
		String gaveUp = slug();
		String neverWritten = slug();
		String kept = slug();
		String notSeen = slug();
		String twoServices = slug();
		List<UsageSnapshot> page = List.of(snapshot(delivered), snapshot(gaveUp), snapshot(neverWritten),
				snapshot(kept), snapshot(notSeen), snapshot(twoServices));
		store.recordPage(claim(), page, new SnapshotStore.PageCounts(6, 6, 0, 0));
		long first = service(delivered);
		whmcsHolds(first, delivered, 6, 3, 4);
		whmcsHolds(service(gaveUp), gaveUp, 6, 2, 4);
		service(neverWritten);
		jdbc.update("insert into unknown_tenant (slug, snapshot, first_seen, last_seen) values (?, ?, now(), now())",
				kept, new byte[] { 1 });
		whmcsHolds(service(twoServices), twoServices, 6, 3, 4);
		service(twoServices);

		Map<String, SnapshotStore.Last> last = store
			.lastFigures(List.of(delivered, gaveUp, neverWritten, kept, notSeen, twoServices, "no-such-tenant"));

		assertThat(last).hasSize(6);
		assertThat(last.get(delivered).figures()).isEqualTo(snapshot(delivered).figures());
		assertThat(last.get(delivered).delivery()).isEqualTo(Delivery.DELIVERED);
		assertThat(last.get(gaveUp).delivery()).isEqualTo(Delivery.UNDELIVERED);
		assertThat(last.get(neverWritten).delivery()).isEqualTo(Delivery.UNDELIVERED);
		assertThat(last.get(kept).delivery()).isEqualTo(Delivery.KEPT_FOR_UNKNOWN_SERVICE);
		assertThat(last.get(notSeen).delivery()).isEqualTo(Delivery.UNDELIVERED);
		assertThat(last.get(twoServices).delivery()).isEqualTo(Delivery.UNDELIVERED);
	}

	@Test
	void aPageIsRecordedWithItsCounters() {
		String slug = slug();

		store.recordPage(claim(), List.of(snapshot(slug)), new SnapshotStore.PageCounts(5, 1, 2, 2));

		assertThat(jdbc.queryForMap(
				"select pages, tenants, changed, resent, unchanged from collection_run where id = ?", this.runId))
			.containsEntry("pages", 1)
			.containsEntry("tenants", 5)
			.containsEntry("changed", 1)
			.containsEntry("resent", 2)
			.containsEntry("unchanged", 2);
		assertThat(jdbc.queryForObject("select run_id from usage_snapshot where slug = ?", Long.class, slug))
			.isEqualTo(this.runId);
	}

	@Test
	void aPageIsNotRecordedOnceTheLockSessionEnded() {
		store.recordPage(claim(), List.of(snapshot(slug())), new SnapshotStore.PageCounts(1, 1, 0, 0));
		jdbc.queryForList(
				"select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
						+ " and database = (select oid from pg_database where datname = current_database())",
				Boolean.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("select count(*) from pg_locks where locktype = 'advisory'",
					Integer.class) == 0);
		String late = slug();

		assertThatExceptionOfType(LostClaimException.class)
			.isThrownBy(
					() -> store.recordPage(claim(), List.of(snapshot(late)), new SnapshotStore.PageCounts(1, 1, 0, 0)))
			.withMessageContaining("no longer holds the collector lock");

		assertThat(jdbc.queryForObject("select pages from collection_run where id = ?", Integer.class, this.runId))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("select count(*) from usage_snapshot where slug = ?", Integer.class, late))
			.isZero();
	}

	@Test
	void aPageIsNotRecordedOnceAnotherInstanceMarkedTheRunAbandoned() {
		// as the next lock holder does when it starts
		jdbc.update("update collection_run set status = 'abandoned' where id = ?", this.runId);
		String late = slug();

		assertThatExceptionOfType(LostClaimException.class)
			.isThrownBy(
					() -> store.recordPage(claim(), List.of(snapshot(late)), new SnapshotStore.PageCounts(1, 1, 0, 0)))
			.withMessageContaining("another instance took over");

		assertThat(jdbc.queryForObject("select pages from collection_run where id = ?", Integer.class, this.runId))
			.isZero();
		assertThat(jdbc.queryForObject("select count(*) from usage_snapshot where slug = ?", Integer.class, late))
			.isZero();
	}

	private RunClaim claim() {
		return new RunClaim(this.runId, this.held::isHeldAsSeenFrom);
	}

	/** 3 users, 5 MiB and a byte (6 MB in WHMCS), 4 licenses. */
	private UsageSnapshot snapshot(String slug) {
		return new UsageSnapshot(slug, "active", 3, 5 * MIB + 1, 900L, 4, this.now);
	}

	private long service(String slug) {
		long serviceId = TestNames.serviceId();
		jdbc.update("insert into tenant_service (service_id, slug, status, occurred_at, event_id, updated_at)"
				+ " values (?, ?, 'active', now(), ?, now())", serviceId, slug, UUID.randomUUID());
		return serviceId;
	}

	private void whmcsHolds(long serviceId, String slug, long megabytes, long users, long licenses) {
		jdbc.update(
				"insert into whmcs_usage (service_id, slug, disk_usage_mb, active_users, licenses, collected_at,"
						+ " written_at) values (?, ?, ?, ?, ?, ?, now())",
				serviceId, slug, megabytes, users, licenses, Timestamp.from(this.now));
	}

	private static String slug() {
		return "t-" + TestNames.shortId();
	}

}
