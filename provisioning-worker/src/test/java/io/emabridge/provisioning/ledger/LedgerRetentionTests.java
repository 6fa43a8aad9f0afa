package io.emabridge.provisioning.ledger;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.provisioning.decisions.EventRecorderAccess;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pruning against a real PostgreSQL: what goes, what a service, a dead letter or a notice
 * keeps, and that a pruned event delivered again still changes nothing.
 */
class LedgerRetentionTests {

	private static final Duration RETENTION = Duration.ofDays(30);

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	private final Instant old = this.now.minus(RETENTION).minus(Duration.ofDays(1));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private HikariDataSource dataSource;

	private JdbcTemplate jdbc;

	private TransactionTemplate transactions;

	@BeforeEach
	void migrate() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(database.jdbcUrl());
		this.dataSource.setUsername(database.username());
		this.dataSource.setPassword(database.password());
		this.dataSource.setMaximumPoolSize(4);
		Flyway.configure().dataSource(this.dataSource).load().migrate();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
	}

	@AfterEach
	void close() {
		this.dataSource.close();
	}

	@Test
	void prunesOldAppliedAndStaleEventsButKeepsWhatTheServiceRowNamesAndWhatIsNotDone() {
		long id = TestNames.serviceId();
		UUID create = event(id, "applied", this.old);
		UUID oldSuspend = event(id, "applied", this.old);
		UUID oldStale = event(id, "stale", this.old);
		UUID applied = event(id, "applied", this.old);
		UUID recent = event(id, "applied", this.now.minus(Duration.ofDays(29)));
		UUID deadLettered = event(id, "dead_lettered", this.old);
		UUID desired = event(id, "recorded", this.old);
		this.jdbc.update("insert into service (service_id, create_event_id, applied_event_id, desired_event_id)"
				+ " values (?, ?, ?, ?)", id, create, applied, desired);

		long pruned = retention(RETENTION, 1000, 100_000).prune(this.now);

		assertThat(pruned).isEqualTo(2);
		assertThat(events(id)).containsExactlyInAnyOrder(create, applied, recent, deadLettered, desired)
			.doesNotContain(oldSuspend, oldStale);
		assertThat(this.registry.get("ema.ledger.events.pruned").counter().count()).isEqualTo(2);
	}

	@Test
	void keepsEveryEventOfAServiceThatIsNotIdleOrThatADeadLetterOrANoticeStillNeeds() {
		long pending = service("pending", false);
		long parked = service("failed", false);
		long unpublished = service("idle", true);
		long openNotice = service("idle", false);
		notice(openNotice, "open", true);
		long untoldRecovery = service("idle", false);
		notice(untoldRecovery, "resolved", false);
		long toldRecovery = service("idle", false);
		notice(toldRecovery, "resolved", true);
		long inOutbox = service("idle", false);
		UUID outboxEvent = event(inOutbox, "applied", this.old);
		this.jdbc.update(
				"insert into dead_letter_outbox (event_id, service_id, reason, error, attempts,"
						+ " first_failure_at, last_failure_at) values (?, ?, 'invalid_event', 'x', 1, now(), now())",
				outboxEvent, inOutbox);
		List<Long> keepAll = List.of(pending, parked, unpublished, openNotice, untoldRecovery);
		List<UUID> kept = new ArrayList<>();
		for (long id : keepAll) {
			kept.add(event(id, "applied", this.old));
		}
		UUID prunable = event(toldRecovery, "applied", this.old);

		assertThat(retention(RETENTION, 1000, 100_000).prune(this.now)).isEqualTo(1);

		for (int i = 0; i < keepAll.size(); i++) {
			assertThat(events(keepAll.get(i))).containsExactly(kept.get(i));
		}
		assertThat(events(inOutbox)).containsExactly(outboxEvent);
		assertThat(events(toldRecovery)).doesNotContain(prunable);
	}

	@Test
	void aPrunedEventDeliveredAgainIsStaleAndChangesNothing() {
		long id = TestNames.serviceId();
		JdbcLedger ledger = new JdbcLedger(this.jdbc, this.transactions, Duration.ofSeconds(30));
		ServiceCreated create = Events.create(id, this.now.minusSeconds(40), "Acme");
		ServiceSuspended suspend = Events.suspend(id, this.now.minusSeconds(30));
		ServiceUnsuspended unsuspend = Events.unsuspend(id, this.now.minusSeconds(20));
		ServiceSuspended again = Events.suspend(id, this.now.minusSeconds(10));
		record(ledger, create, suspend, unsuspend, again);
		// the ledger stamps recorded work with the database's time, after this test's own
		// now
		Instant later = Instant.now().plusSeconds(5);
		Claim claim = ledger.claimDue("worker", 10, later).get(0).claim();
		String slug = "acme-" + TestNames.shortId();
		ledger.reserveCandidate(claim, slug, 0, this.now);
		ledger.markApplied(claim, again.version(), ServiceStatus.SUSPENDED,
				new Ledger.NewTenant(slug, "https://" + slug + ".test", true, Ownership.created(slug)),
				Ledger.Followups.none().withWhmcsSynced(), this.now);
		ledger.release(claim, Ledger.Followups.none().withPublished(again.eventId()), this.now);
		this.jdbc.update("update lifecycle_event set state_changed_at = ? where service_id = ?",
				java.sql.Timestamp.from(this.old), id);

		assertThat(retention(RETENTION, 1000, 100_000).prune(this.now)).isEqualTo(2);
		assertThat(events(id)).containsExactlyInAnyOrder(create.eventId(), again.eventId());

		RecordingPlan redelivered = record(ledger, unsuspend);
		assertThat(redelivered.verdicts()).extracting(RecordingPlan.Verdict::kind)
			.containsExactly(RecordingPlan.Kind.STALE);
		assertThat(ledger.claimDue("worker", 10, later.plusSeconds(5))).isEmpty();
		assertThat(
				this.jdbc.queryForObject("select desired_event_id from service where service_id = ?", UUID.class, id))
			.isEqualTo(again.eventId());
	}

	@Test
	void walksInBatchesAndStopsAfterTheMostOneRunMayLookAt() {
		long id = service("idle", false);
		for (int i = 0; i < 7; i++) {
			event(id, "applied", this.old.minusSeconds(i));
		}

		assertThat(retention(RETENTION, 2, 5).prune(this.now)).isEqualTo(5);
		assertThat(events(id)).hasSize(2);
		assertThat(retention(RETENTION, 2, 5).prune(this.now)).isEqualTo(2);
		assertThat(events(id)).isEmpty();
	}

	@Test
	void prunesTheModuleLogsCopiesOfFailuresOlderThanTheRetention() {
		long id = service("idle", false);
		for (int i = 0; i < 5; i++) {
			failure(id, this.old.minusSeconds(i));
		}
		failure(id, this.now);

		retention(RETENTION, 2, 100_000).prune(this.now);
		assertThat(this.jdbc.queryForObject("select count(*) from failure_log where service_id = ?", Integer.class, id))
			.isEqualTo(1);
	}

	@Test
	void leavesTheRunToTheInstanceThatIsPruning() throws Exception {
		long id = service("idle", false);
		event(id, "applied", this.old);
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			other.createStatement().execute("select pg_advisory_xact_lock(hashtext('ema.ledger.prune'))");

			assertThat(retention(RETENTION, 1000, 100_000).prune(this.now)).isZero();
			other.rollback();
		}
		assertThat(retention(RETENTION, 1000, 100_000).prune(this.now)).isEqualTo(1);
	}

	@Test
	void refusesARetentionUnderAnHourAndBatchesOutOfRange() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(PropertiesConfiguration.class);
		runner.run((context) -> {
			LedgerProperties properties = context.getBean(LedgerProperties.class);
			assertThat(properties.retention()).isEqualTo(Duration.ofDays(30));
			assertThat(properties.prune().batchSize()).isEqualTo(1000);
		});
		runner.withPropertyValues("ema.ledger.retention=30")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ema.ledger.retention must be at least 1h"));
		runner.withPropertyValues("ema.ledger.retention=-1d")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ema.ledger.retention must be at least 1h"));
		runner.withPropertyValues("ema.ledger.prune.batch-size=0")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("prune.batchSize"));
		runner.withPropertyValues("ema.ledger.prune.batch-size=100000")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("prune.batchSize"));
		runner.withPropertyValues("ema.ledger.prune.interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ema.ledger.prune.interval must be at least 1s"));
	}

	private LedgerRetention retention(Duration retention, int batchSize, int maxPerRun) {
		return new LedgerRetention(JdbcClient.create(this.jdbc), this.transactions,
				new LedgerProperties(retention,
						new LedgerProperties.Prune(true, Duration.ofMinutes(5), batchSize, maxPerRun)),
				this.registry, Clock.systemUTC());
	}

	private void failure(long serviceId, Instant at) {
		this.jdbc.update(
				"insert into failure_log (service_id, event_id, event_type, reason, error, attempts, failed_at,"
						+ " created_at) values (?, ?, 'service.create', 'archive_rejected', 'refused', 1, ?, ?)",
				serviceId, UUID.randomUUID(), at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC));
	}

	private long service(String status, boolean deadLettersUnpublished) {
		long id = TestNames.serviceId();
		this.jdbc.update("insert into service (service_id, status, dead_letters_unpublished) values (?, ?, ?)", id,
				status, deadLettersUnpublished);
		return id;
	}

	private void notice(long serviceId, String state, boolean told) {
		this.jdbc.update(
				"insert into whmcs_notice (service_id, state, reason, error, opened_at, last_failure_at,"
						+ " failures_told, failures_logged, recovery_told, recovery_logged)"
						+ " values (?, ?, 'invalid_event', 'x', now(), now(), ?, ?, ?, ?)",
				serviceId, state, told ? 1 : 0, told ? 1 : 0, told, told);
	}

	private UUID event(long serviceId, String state, Instant changedAt) {
		UUID id = UUID.randomUUID();
		this.jdbc.update(
				"insert into lifecycle_event (event_id, service_id, type, occurred_at, version_key, payload,"
						+ " source_topic, source_partition, source_offset, source_timestamp, state, state_changed_at)"
						+ " values (?, ?, 'service.suspend', ?, ?, '\\x7b7d', 't', 0, 0, 0, ?, ?)",
				id, serviceId, java.sql.Timestamp.from(changedAt), changedAt + id.toString(), state,
				java.sql.Timestamp.from(changedAt));
		return id;
	}

	private List<UUID> events(long serviceId) {
		return this.jdbc.queryForList("select event_id from lifecycle_event where service_id = ?", UUID.class,
				serviceId);
	}

	private static RecordingPlan record(JdbcLedger ledger, LifecycleEvent... events) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : events) {
			batch.add(Events.incoming(event, batch.size()));
		}
		return ledger.record(batch, EventRecorderAccess.recorder());
	}

	@EnableConfigurationProperties(LedgerProperties.class)
	static class PropertiesConfiguration {

	}

}
