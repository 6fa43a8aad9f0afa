package io.emabridge.provisioning.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.provisioning.decisions.EventRecorderAccess;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The ledger against a real PostgreSQL: the SQL, the locks and the leases. */
class JdbcLedgerTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private static JdbcLedger ledger;

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	@BeforeAll
	static void migrate() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(12);
		Flyway.configure().dataSource(dataSource).load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		ledger = new JdbcLedger(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)), LEASE);
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@Test
	void recordsABatchWithItsVerdictsAndMakesTheServiceDue() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now.minusSeconds(10), "Acme Corp");
		ServiceSuspended stale = Events.suspend(id, this.now.minusSeconds(20));
		RecordingPlan plan = record(create, stale, create);
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind)
			.containsExactly(RecordingPlan.Kind.RECORDED, RecordingPlan.Kind.STALE, RecordingPlan.Kind.DUPLICATE);
		assertThat(stateOf(create)).isEqualTo("recorded");
		assertThat(stateOf(stale)).isEqualTo("stale");
		assertThat(jdbc.queryForObject("select deliveries from lifecycle_event where event_id = ?", Integer.class,
				create.eventId()))
			.isEqualTo(2);

		ServiceRecord claimed = claim(id);
		assertThat(claimed.desiredStatus()).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(claimed.desiredType()).isEqualTo(EventType.CREATE);
		assertThat(claimed.desiredVersion()).isEqualTo(create.version());
		assertThat(claimed.createEvent()).isEqualTo(create);
		assertThat(claimed.status()).isEqualTo(WorkStatus.PENDING);
	}

	@Test
	void aBatchWrittenInOneStatementKeepsEveryFieldOfEveryEvent() {
		long first = TestNames.serviceId();
		long second = TestNames.serviceId();
		List<LifecycleEvent> events = List.of(Events.create(first, this.now.minusSeconds(5), "Acme \"Corp\", {Ltd}"),
				Events.suspend(first, this.now.minusNanos(1_000)), Events.create(second, this.now, "Beta\\Gamma"),
				Events.unsuspend(second, this.now.plusSeconds(1)));
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : events) {
			batch.add(new IncomingEvent(event, io.emabridge.model.lifecycle.LifecycleEventJson.write(event),
					List.of(new IncomingEvent.Header("ce_type", "a \"quoted\", {braced} \\ value".getBytes()),
							new IncomingEvent.Header("binary", new byte[] { 0, 1, -1, '"', '\\' }),
							new IncomingEvent.Header("empty", null)),
					new IncomingEvent.Source("topic \"x\"", 3, 1_000_000_000_000L + batch.size(), 1_700_000_000_123L)));
		}
		ledger.record(batch, EventRecorderAccess.recorder());
		List<StoredEvent> stored = new ArrayList<>(ledger.recordedEvents(first));
		stored.addAll(ledger.recordedEvents(second));
		assertThat(stored).hasSize(4);
		for (int i = 0; i < 4; i++) {
			IncomingEvent sent = batch.get(i);
			StoredEvent back = stored.get(i);
			assertThat(back.version()).isEqualTo(sent.event().version());
			assertThat(back.serviceId()).isEqualTo(sent.event().serviceId());
			assertThat(back.type()).isEqualTo(sent.event().type());
			assertThat(back.raw()).isEqualTo(sent.raw());
			assertThat(back.source()).isEqualTo(sent.source());
			assertThat(back.headers()).extracting(IncomingEvent.Header::name)
				.containsExactly("ce_type", "binary", "empty");
			assertThat(back.headers().get(0).value()).isEqualTo(sent.headers().get(0).value());
			assertThat(back.headers().get(1).value()).isEqualTo(sent.headers().get(1).value());
			assertThat(back.headers().get(2).value()).isEmpty();
		}
		ServiceRecord claimed = claim(first);
		assertThat(claimed.desiredStatus()).isEqualTo(ServiceStatus.SUSPENDED);
		assertThat(claimed.desiredVersion()).isEqualTo(events.get(1).version());
		assertThat(claimed.createEvent()).isEqualTo(events.get(0));
		assertThat(claim(second).desiredVersion()).isEqualTo(events.get(3).version());
	}

	@Test
	void aServiceIsClaimedByOneInstanceAtATimeUntilItsLeaseRunsOut() {
		long id = TestNames.serviceId();
		record(Events.create(id, this.now, "Acme"));
		ServiceRecord first = claim(id);
		assertThat(ledger.claimDue("other", 10_000, this.now)).noneMatch((s) -> s.serviceId() == id);
		assertThat(ledger.claimDue("other", 10_000, this.now.plus(LEASE).plusSeconds(5)))
			.anyMatch((s) -> s.serviceId() == id);
		assertThatExceptionOfType(LeaseLostException.class)
			.isThrownBy(() -> ledger.waitForCreate(first.claim(), this.now, false, this.now));
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> ledger.renew(first.claim(), this.now));
	}

	@Test
	void claimsReleasedTogetherFromManyThreadsAreEachReleasedUnderTheirOwnToken() throws Exception {
		// a stale instance's release comes with the others: its token no longer holds
		long staleId = TestNames.serviceId();
		record(Events.create(staleId, this.now, "Stale"));
		ServiceRecord stale = claim(staleId);
		Claim current = ledger.claimDue("other", 10_000, this.now.plus(LEASE).plusSeconds(5))
			.stream()
			.filter((s) -> s.serviceId() == staleId)
			.findFirst()
			.orElseThrow()
			.claim();
		List<ServiceRecord> claimed = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			long id = TestNames.serviceId();
			record(Events.create(id, this.now, "Acme " + id));
			claimed.add(claim(id));
		}
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		List<java.util.concurrent.Future<?>> done = new ArrayList<>();
		for (ServiceRecord service : claimed) {
			done.add(pool.submit(() -> {
				start.await();
				ledger.release(service.claim(),
						Ledger.Followups.none().withPublished(service.desiredVersion().eventId()), this.now);
				return null;
			}));
		}
		done.add(pool.submit(() -> {
			start.await();
			ledger.release(stale.claim(), Ledger.Followups.none().withPublished(UUID.randomUUID()), this.now);
			return null;
		}));
		start.countDown();
		for (java.util.concurrent.Future<?> release : done) {
			release.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		for (ServiceRecord service : claimed) {
			assertThat(jdbc.queryForMap(
					"select claim_token, claimed_by, published_event_id from service" + " where service_id = ?",
					service.serviceId()))
				.containsEntry("claim_token", null)
				.containsEntry("claimed_by", null)
				.containsEntry("published_event_id", service.desiredVersion().eventId());
		}
		assertThat(jdbc.queryForMap("select claim_token, published_event_id from service where service_id = ?",
				stale.serviceId()))
			.containsEntry("claim_token", current.token())
			.containsEntry("published_event_id", null);
	}

	@Test
	void concurrentClaimersNeverGetTheSameService() throws Exception {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			long id = TestNames.serviceId();
			ids.add(id);
			record(Events.create(id, this.now, "Acme " + id));
		}
		Set<Long> seen = ConcurrentHashMap.newKeySet();
		List<Long> duplicates = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(6);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 6; t++) {
			String worker = "w" + t;
			pool.execute(() -> {
				try {
					start.await();
					for (int round = 0; round < 20; round++) {
						for (ServiceRecord s : ledger.claimDue(worker, 3, this.now.plusSeconds(5))) {
							if (!seen.add(s.serviceId())) {
								synchronized (duplicates) {
									duplicates.add(s.serviceId());
								}
							}
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		start.countDown();
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(duplicates).isEmpty();
		assertThat(seen).containsAll(ids);
	}

	@Test
	void aSlugCandidateIsReservedForOneServiceOnly() {
		long first = TestNames.serviceId();
		long second = TestNames.serviceId();
		String slug = "slug-" + TestNames.shortId();
		record(Events.create(first, this.now, "Acme"), Events.create(second, this.now, "Acme"));
		Claim one = claim(first).claim();
		Claim two = claim(second).claim();
		assertThat(ledger.reserveCandidate(one, slug, 0, this.now)).isPresent();
		assertThat(ledger.reserveCandidate(two, slug, 0, this.now)).isEmpty();
		assertThat(ledger.reserveCandidate(two, slug + "-2", 1, this.now)).isPresent();
	}

	@Test
	void applyingMarksTheEventsUpToTheTargetAndKeepsTheServiceDueForANewerOne() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now.minusSeconds(10), "Acme");
		record(create);
		ServiceRecord claimed = claim(id);
		String slug = "acme-" + TestNames.shortId();
		ledger.reserveCandidate(claimed.claim(), slug, 0, this.now);
		ServiceRecord withTenant = ledger.recordTenant(claimed.claim(),
				new Ledger.NewTenant(slug, "https://" + slug + ".test", true, Ownership.created(slug)), this.now);
		assertThat(withTenant.ownerEvidence()).isEqualTo("created");
		assertThat(withTenant.createOutcomeUnknown()).isFalse();
		assertThat(withTenant.whmcsDue(this.now)).isTrue();

		ServiceSuspended suspend = Events.suspend(id, this.now.minusSeconds(5));
		record(suspend);
		Ledger.Applied applied = ledger.markApplied(claimed.claim(), claimed.desiredVersion(), ServiceStatus.ACTIVE,
				null, Ledger.Followups.none(), this.now);
		assertThat(applied.appliedEvents()).containsExactly(EventType.CREATE);
		assertThat(stateOf(create)).isEqualTo("applied");
		assertThat(stateOf(suspend)).isEqualTo("recorded");
		assertThat(applied.service().status()).isEqualTo(WorkStatus.PENDING);
		assertThat(applied.service().desiredStatus()).isEqualTo(ServiceStatus.SUSPENDED);
		assertThat(applied.service().publishDue(this.now)).isTrue();

		Ledger.Applied second = ledger.markApplied(claimed.claim(), suspend.version(), ServiceStatus.SUSPENDED, null,
				Ledger.Followups.none().withWhmcsSynced(), this.now);
		assertThat(second.service().status()).isEqualTo(WorkStatus.IDLE);
		assertThat(jdbc.queryForObject("select claimed_by from service where service_id = ?", String.class, id))
			.as("kept until the tenant state is published")
			.isEqualTo("worker");
		ledger.release(claimed.claim(), Ledger.Followups.none().withPublished(suspend.eventId()), this.now);
		assertThat(jdbc.queryForObject("select claimed_by from service where service_id = ?", String.class, id))
			.isNull();
		assertThat(jdbc.queryForObject("select due_at from service where service_id = ?", Object.class, id)).isNull();
	}

	@Test
	void applyingComparesVersionsAsJavaDoesEvenOnATieInTime() {
		long id = TestNames.serviceId();
		UUID low = UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff");
		UUID high = UUID.fromString("80000000-0000-4000-8000-000000000000");
		// Java orders the UUID with the sign bit set first; PostgreSQL would order it
		// last
		ServiceSuspended negative = new ServiceSuspended(high, this.now, id, 1L, 1L, 1L, null);
		ServiceUnsuspended positive = new ServiceUnsuspended(low, this.now, id, 1L, 1L, 1L);
		assertThat(positive.version().isNewerThan(negative.version())).isTrue();
		record(Events.create(id, this.now.minusSeconds(1), "Tie"), negative, positive);
		Claim claim = claim(id).claim();
		Ledger.Applied applied = ledger.markApplied(claim, negative.version(), ServiceStatus.SUSPENDED, null,
				Ledger.Followups.none(), this.now);
		assertThat(applied.appliedEvents()).containsExactlyInAnyOrder(EventType.CREATE, EventType.SUSPEND);
		assertThat(stateOf(positive)).isEqualTo("recorded");
	}

	@Test
	void retryDefersOnlyTheWorkThatFailed() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now, "Acme");
		record(create);
		Claim claim = claim(id).claim();
		ServiceRecord retried = ledger.markRetry(claim, create.version(), "HTTP 503", this.now,
				this.now.plusSeconds(60));
		assertThat(retried.attempts()).isEqualTo(1);
		assertThat(retried.firstFailureAt()).isEqualTo(this.now);
		ledger.release(claim, Ledger.Followups.none(), this.now);
		assertThat(ledger.claimDue("worker", 10_000, this.now)).noneMatch((s) -> s.serviceId() == id);
		assertThat(ledger.claimDue("worker", 10_000, this.now.plusSeconds(61))).anyMatch((s) -> s.serviceId() == id);
	}

	@Test
	void deadLetteringFailsTheServiceAndAReplayReArmsIt() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now, "Acme");
		record(create);
		Claim claim = claim(id).claim();
		List<StoredEvent> recorded = ledger.recordedEvents(id);
		assertThat(recorded).singleElement().satisfies((event) -> {
			assertThat(event.raw()).isEqualTo(io.emabridge.model.lifecycle.LifecycleEventJson.write(create));
			assertThat(event.source().topic()).isEqualTo("test-topic");
		});
		ServiceRecord failed = ledger.markDeadLettered(claim, create.version(), List.of(create.eventId()),
				new DeadLetter(DeadLetterReason.ARCHIVE_UNAUTHORIZED, "HTTP 401", 1, this.now, this.now), 7L, this.now);
		assertThat(failed.status()).isEqualTo(WorkStatus.FAILED);
		assertThat(failed.deadLettersUnpublished()).isTrue();
		assertThat(ledger.unpublishedDeadLetters(id)).singleElement()
			.satisfies((pending) -> assertThat(pending.letter().reason())
				.isEqualTo(DeadLetterReason.ARCHIVE_UNAUTHORIZED));
		ServiceRecord published = ledger.deadLettersPublished(claim, List.of(create.eventId()), this.now, this.now);
		assertThat(published.deadLettersUnpublished()).isFalse();
		assertThat(ledger.unpublishedDeadLetters(id)).isEmpty();
		ledger.release(claim, Ledger.Followups.none(), this.now);
		assertThat(stateOf(create)).isEqualTo("dead_lettered");
		assertThat(ledger.claimDue("worker", 10_000, this.now.plusSeconds(3600))).noneMatch((s) -> s.serviceId() == id);

		RecordingPlan replay = record(create);
		assertThat(replay.verdicts()).extracting(RecordingPlan.Verdict::kind)
			.containsExactly(RecordingPlan.Kind.REARMED);
		assertThat(stateOf(create)).isEqualTo("recorded");
		ServiceRecord rearmed = claim(id);
		assertThat(rearmed.status()).isEqualTo(WorkStatus.PENDING);
		assertThat(rearmed.attempts()).isZero();
	}

	@Test
	void waitingForACreateEndsWhenOneArrivedMeanwhile() {
		long id = TestNames.serviceId();
		record(Events.suspend(id, this.now));
		Claim claim = claim(id).claim();
		record(Events.create(id, this.now.minusSeconds(1), "Acme"));
		ServiceRecord waiting = ledger.waitForCreate(claim, this.now.plusSeconds(300), false, this.now);
		assertThat(waiting.nextAttemptAt()).isEqualTo(this.now);
		assertThat(waiting.createEvent()).isNotNull();
	}

	private static RecordingPlan record(LifecycleEvent... events) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : events) {
			batch.add(Events.incoming(event, batch.size()));
		}
		return ledger.record(batch, EventRecorderAccess.recorder());
	}

	private ServiceRecord claim(long id) {
		ServiceRecord found = null;
		for (ServiceRecord s : ledger.claimDue("worker", 10_000, this.now.plusSeconds(1))) {
			if (s.serviceId() == id) {
				found = s;
			}
			else {
				ledger.release(s.claim(), Ledger.Followups.none(), this.now);
			}
		}
		if (found == null) {
			throw new AssertionError("service " + id + " was not due");
		}
		return found;
	}

	private static String stateOf(LifecycleEvent event) {
		return jdbc.queryForObject("select state from lifecycle_event where event_id = ?", String.class,
				event.eventId());
	}

}
