package io.emabridge.provisioning.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.provisioning.decisions.EventRecorderAccess;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Adoptions against a real PostgreSQL: what one records, the applier's claim it fences
 * off, and what changed since the reconciler read the ledger.
 */
class AdoptionsTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private static JdbcLedger ledger;

	private static Adoptions adoptions;

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	@BeforeAll
	static void migrate() {
		SharedPostgres.Database database = SharedPostgres.newDatabase();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(4);
		Flyway.configure().dataSource(dataSource).load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		ledger = new JdbcLedger(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)), LEASE);
		adoptions = new Adoptions(jdbc);
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@Test
	void recordsOwnershipWithItsEvidenceAndMakesRecordedEventsDueAtOnce() {
		long fresh = TestNames.serviceId();
		long waiting = TestNames.serviceId();
		record(Events.suspend(waiting, this.now.minusSeconds(600)));
		// an applier took the waiting service and put it off until its create comes
		ServiceRecord stale = claim(waiting);
		ledger.waitForCreate(stale.claim(), this.now.plus(Duration.ofHours(1)), false, this.now);
		String slugFresh = slug();
		String slugWaiting = slug();

		Map<Long, Adoptions.Outcome> outcomes = adoptions.adopt(List
			.of(adoption(fresh, slugFresh, ServiceStatus.ACTIVE), adoption(waiting, slugWaiting, ServiceStatus.ACTIVE)),
				this.now);

		assertThat(outcomes.get(fresh)).isEqualTo(new Adoptions.Outcome(fresh, true, false));
		assertThat(outcomes.get(waiting)).isEqualTo(new Adoptions.Outcome(waiting, true, true));
		assertThat(row(fresh)).containsEntry("slug", slugFresh)
			.containsEntry("slug_candidate", slugFresh)
			.containsEntry("owner_evidence", "adopted_import")
			.containsEntry("whmcs_synced", true)
			.containsEntry("applied_status", "active")
			.containsEntry("status", "idle");
		// no event applied yet: its tenant state is due, so that the usage worker learns
		// whose tenant it is
		assertThat(row(fresh).get("due_at")).isNotNull();
		assertThat(row(fresh).get("applied_event_id")).isNotNull();
		assertThat(row(fresh).get("published_event_id")).isNull();
		assertThat((String) row(fresh).get("owner_detail")).contains("#" + fresh, "'" + slugFresh + "'",
				"custom field 12", "Active");
		assertThat(row(waiting)).containsEntry("slug", slugWaiting)
			.containsEntry("status", "pending")
			.containsEntry("claim_token", null)
			.containsEntry("claimed_by", null);
		// the applier that stalled writes nothing; the next claim drives the owned tenant
		// to the suspend it waited with
		assertThatExceptionOfType(LeaseLostException.class)
			.isThrownBy(() -> ledger.waitForCreate(stale.claim(), this.now, false, this.now));
		ServiceRecord next = claim(waiting);
		assertThat(next.hasTenant()).isTrue();
		assertThat(next.archiveDue(this.now.plusSeconds(1))).isTrue();
		assertThat(next.desiredStatus()).isEqualTo(ServiceStatus.SUSPENDED);
		assertThat(next.appliedStatus()).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(next.ownerEvidence()).isEqualTo("adopted_import");
		ledger.release(next.claim(), Ledger.Followups.none(), this.now);
	}

	@Test
	void leavesAloneWhatChangedSinceTheLedgerWasRead() {
		// a create arrived meanwhile: the bridge makes the tenant itself
		long created = TestNames.serviceId();
		record(Events.create(created, this.now.minusSeconds(5), "Acme"));
		// another service's create reserved the slug meanwhile
		long reserving = TestNames.serviceId();
		record(Events.create(reserving, this.now.minusSeconds(5), "Beta"));
		String reserved = slug();
		ServiceRecord claimed = claim(reserving);
		assertThat(ledger.reserveCandidate(claimed.claim(), reserved, 0, this.now)).isPresent();
		long late = TestNames.serviceId();
		// two adoptions of one slug in a batch: the statement fails, one at a time only
		// one of them is adopted
		long first = TestNames.serviceId();
		long second = TestNames.serviceId();
		String shared = slug();
		List<Adoptions.Adoption> batch = new ArrayList<>(List.of(adoption(created, slug(), ServiceStatus.ACTIVE),
				adoption(late, reserved, ServiceStatus.ACTIVE), adoption(first, shared, ServiceStatus.SUSPENDED),
				adoption(second, shared, ServiceStatus.SUSPENDED)));

		Map<Long, Adoptions.Outcome> outcomes = adoptions.adopt(batch, this.now);

		assertThat(outcomes.get(created).adopted()).isFalse();
		assertThat(row(created)).containsEntry("slug", null).containsEntry("owner_evidence", null);
		assertThat(outcomes.get(late).adopted()).isFalse();
		assertThat(row(late)).isEmpty();
		assertThat(outcomes.get(first).adopted() ^ outcomes.get(second).adopted()).isTrue();
		assertThat(jdbc.queryForObject("select count(*) from service where slug = ?", Long.class, shared)).isEqualTo(1);

		// adopting again changes nothing
		long adopted = outcomes.get(first).adopted() ? first : second;
		Map<String, Object> before = row(adopted);
		assertThat(adoptions.adopt(List.of(adoption(adopted, shared, ServiceStatus.ACTIVE)), this.now.plusSeconds(5))
			.get(adopted)
			.adopted()).isFalse();
		assertThat(row(adopted)).isEqualTo(before);
	}

	private Adoptions.Adoption adoption(long serviceId, String slug, ServiceStatus status) {
		Tenant tenant = new Tenant(slug, "Customer " + serviceId, status.value(), null, null, "2021-03-04T05:06:07Z",
				null);
		return new Adoptions.Adoption(serviceId, slug, "https://" + slug + ".archive.example.test", status,
				Ownership.imported(serviceId, 12, "Active", tenant, this.now), null);
	}

	private static String slug() {
		return "t" + TestNames.shortId();
	}

	private static void record(LifecycleEvent... events) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : events) {
			batch.add(Events.incoming(event, batch.size()));
		}
		ledger.record(batch, EventRecorderAccess.recorder());
	}

	private ServiceRecord claim(long id) {
		ServiceRecord found = null;
		for (ServiceRecord service : ledger.claimDue("worker", 10_000, this.now.plusSeconds(1))) {
			if (service.serviceId() == id) {
				found = service;
			}
			else {
				ledger.release(service.claim(), Ledger.Followups.none(), this.now);
			}
		}
		if (found == null) {
			throw new AssertionError("service " + id + " was not due");
		}
		return found;
	}

	private static Map<String, Object> row(long id) {
		List<Map<String, Object>> rows = jdbc.queryForList("select * from service where service_id = ?", id);
		return rows.isEmpty() ? Map.of() : rows.get(0);
	}

}
