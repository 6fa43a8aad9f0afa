package io.emabridge.provisioning.notices;

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

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.provisioning.decisions.EventRecorderAccess;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.JdbcLedger;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notices in a real PostgreSQL: opened and resolved in the ledger's own writes, one
 * open per service, and claimed by one instance at a time without losing a failure
 * recorded while it sends.
 */
class JdbcNoticeStoreTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private static JdbcLedger ledger;

	private static JdbcNoticeStore store;

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
		ledger = new JdbcLedger(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)), LEASE,
				new JdbcFailureNotices(jdbc));
		store = new JdbcNoticeStore(jdbc, LEASE);
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@Test
	void deadLettersOfOneServiceShareOneOpenNoticeUntilAnAppliedEventResolvesIt() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now.minusSeconds(20), "Acme");
		deadLetter(create);
		ServiceSuspended suspend = Events.suspend(id, this.now.minusSeconds(10));
		deadLetter(suspend);

		List<Map<String, Object>> rows = rows(id);
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row).containsEntry("state", "open")
				.containsEntry("failures", 2)
				.containsEntry("client_id", 1L)
				.containsEntry("reason", "archive_unauthorized")
				.containsEntry("error", "HTTP 401 for " + suspend.type().wireName());
			assertThat(types(id, "event_types")).containsExactly("service.create", "service.suspend");
		});

		ServiceUnsuspended unsuspend = Events.unsuspend(id, this.now);
		record(unsuspend);
		ServiceRecord claimed = claim(id);
		ledger.markApplied(claimed.claim(), claimed.desiredVersion(), ServiceStatus.ACTIVE,
				new Ledger.NewTenant("acme-" + id, "https://acme.test", false, Ownership.created("acme")),
				Ledger.Followups.none(), this.now);
		ledger.release(claimed.claim(), Ledger.Followups.none(), this.now);
		assertThat(rows(id)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("state", "resolved")
				.containsEntry("resolved_status", "active"));
		assertThat(types(id, "resolved_events")).containsExactly("service.unsuspend");

		deadLetter(Events.suspend(id, this.now.plusSeconds(10)));
		assertThat(rows(id)).extracting((row) -> row.get("state")).containsExactly("resolved", "open");
	}

	@Test
	void aNoticeIsClaimedByOneInstanceAndAFailureRecordedWhileItSendsIsNotLost() {
		long id = TestNames.serviceId();
		deadLetter(Events.create(id, this.now, "Acme"));
		Notice notice = claimNotice("a", id);
		assertThat(notice.failures()).isEqualTo(1);
		assertThat(notice.clientId()).isEqualTo(1L);
		assertThat(store.claimDue("b", 1000, this.now)).noneMatch((n) -> n.serviceId() == id);
		assertThat(store.failuresTold(notice.noticeId(), "b", 1, 7L, "T7", this.now)).as("not b's claim").isFalse();

		// meanwhile a second event fails: the notice counts it, and stays due for it once
		// released
		deadLetter(Events.suspend(id, this.now.plusSeconds(1)));
		assertThat(store.failuresTold(notice.noticeId(), "a", 1, 7L, "T7", this.now)).isTrue();
		assertThat(store.failuresLogged(notice.noticeId(), "a", 1, this.now)).isTrue();
		store.release(notice.noticeId(), "a", this.now);
		Notice again = claimNotice("b", id);
		assertThat(again.failures()).isEqualTo(2);
		assertThat(again.failuresTold()).isEqualTo(1);
		assertThat(again.ticketId()).isEqualTo(7L);
		assertThat(again.ticketNumber()).isEqualTo("T7");

		// a retry waits out its back-off; when everything is told, nothing is due any
		// more
		store.retry(again.noticeId(), "b", "WHMCS down", this.now.plusSeconds(60), this.now);
		assertThat(store.claimDue("b", 1000, this.now.plusSeconds(30))).noneMatch((n) -> n.serviceId() == id);
		Notice later = claimNotice("b", id, this.now.plusSeconds(61));
		assertThat(later.attempts()).isEqualTo(1);
		store.failuresTold(later.noticeId(), "b", 2, null, null, this.now);
		store.failuresLogged(later.noticeId(), "b", 2, this.now);
		store.release(later.noticeId(), "b", this.now);
		assertThat(store.claimDue("b", 1000, this.now.plus(LEASE).plusSeconds(120)))
			.noneMatch((n) -> n.serviceId() == id);
		assertThat(rows(id).get(0)).containsEntry("ticket_id", 7L).containsEntry("attempts", 0);
	}

	private void deadLetter(LifecycleEvent event) {
		long id = event.serviceId();
		record(event);
		ServiceRecord claimed = claim(id);
		ledger.markDeadLettered(claimed.claim(), claimed.desiredVersion(), List.of(event.eventId()),
				new DeadLetter(DeadLetterReason.ARCHIVE_UNAUTHORIZED, "HTTP 401 for " + event.type().wireName(), 1,
						this.now, this.now),
				event.clientId(), this.now);
		ledger.release(claimed.claim(), Ledger.Followups.none(), this.now);
	}

	private static void record(LifecycleEvent event) {
		List<IncomingEvent> batch = new ArrayList<>();
		batch.add(Events.incoming(event, 0));
		ledger.record(batch, EventRecorderAccess.recorder());
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
		assertThat(found).as("service " + id + " due").isNotNull();
		return found;
	}

	private Notice claimNotice(String worker, long serviceId) {
		return claimNotice(worker, serviceId, this.now);
	}

	/** Claims the service's notice, giving every other claimed notice back. */
	private Notice claimNotice(String worker, long serviceId, Instant at) {
		Notice found = null;
		for (Notice n : store.claimDue(worker, 1000, at)) {
			if (n.serviceId() == serviceId) {
				found = n;
			}
			else {
				store.release(n.noticeId(), worker, at);
			}
		}
		assertThat(found).as("notice of service " + serviceId + " due").isNotNull();
		return found;
	}

	private static List<Map<String, Object>> rows(long id) {
		return jdbc.queryForList("select * from whmcs_notice where service_id = ? order by notice_id", id);
	}

	private static List<String> types(long id, String column) {
		return jdbc.queryForList(
				"select unnest(" + column + ") from whmcs_notice where service_id = ?" + " order by notice_id limit 10",
				String.class, id);
	}

}
