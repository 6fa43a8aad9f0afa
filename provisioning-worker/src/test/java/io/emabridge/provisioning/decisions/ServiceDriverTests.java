package io.emabridge.provisioning.decisions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.provisioning.archive.CallNotSent;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.ledger.EventState;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.ledger.WorkStatus;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.provisioning.support.Events;
import io.emabridge.provisioning.tenantstate.TenantState;
import io.emabridge.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceDriverTests {

	private static final String WORKER = "worker-1";

	private static final long SERVICE = 42;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

	private final InMemoryLedger ledger = new InMemoryLedger();

	private final FakeArchive archive = new FakeArchive();

	{
		this.archive.clock = this.clock::instant;
	}

	private final List<String> whmcsCalls = new ArrayList<>();

	private final List<ProvisioningFailure> whmcsFailures = new ArrayList<>();

	private final List<TenantState> published = new ArrayList<>();

	private final List<DeadLetter> deadLetters = new ArrayList<>();

	private final List<EventType> deadLetteredTypes = new ArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private RetryPolicy archiveRetry = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(5),
			Duration.ofHours(24));

	private int maxSlugAttempts = 20;

	@Test
	void createsTheTenantWritesBackAndPublishes() {
		ServiceCreated create = Events.create(SERVICE, at(0), "Acme Corp");
		this.ledger.receive(now(), create);
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp");
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.slug).isEqualTo("acme-corp");
		assertThat(row.url).isEqualTo("https://acme-corp.archive.example.test");
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(row.status).isEqualTo(WorkStatus.IDLE);
		assertThat(this.ledger.state(create.eventId())).isEqualTo(EventState.APPLIED);
		assertThat(this.whmcsCalls).containsExactly("42 acme-corp https://acme-corp.archive.example.test");
		assertThat(this.published).singleElement().satisfies((state) -> {
			assertThat(state.status()).isEqualTo(ServiceStatus.ACTIVE);
			assertThat(state.version()).isEqualTo(create.version());
		});
		assertThat(count("ema.events", "type", "service.create", "outcome", "applied")).isEqualTo(1);
	}

	@Test
	void suspendThatOvertookItsCreateWaitsThenTheTenantIsCreatedAndSuspended() {
		ServiceSuspended suspend = Events.suspend(SERVICE, at(2));
		this.ledger.receive(now(), suspend);
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(this.archive.calls).isEmpty();
		assertThat(row.status).isEqualTo(WorkStatus.PENDING);
		assertThat(row.nextAttemptAt).isEqualTo(now().plus(Duration.ofMinutes(5)));

		ServiceCreated create = Events.create(SERVICE, at(1), "Acme Corp");
		this.ledger.receive(now(), create);
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp", "suspend acme-corp");
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.SUSPENDED);
		assertThat(row.appliedVersion).isEqualTo(suspend.version());
		assertThat(this.ledger.state(create.eventId())).isEqualTo(EventState.APPLIED);
		assertThat(this.ledger.state(suspend.eventId())).isEqualTo(EventState.APPLIED);
	}

	@Test
	void eventArrivingWhileApplyingIsAppliedInTheSameRun() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.duringCall = () -> {
			this.archive.duringCall = () -> {
			};
			this.ledger.receive(now(), Events.suspend(SERVICE, at(1)));
		};
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp", "suspend acme-corp");
		assertThat(this.ledger.row(SERVICE).appliedStatus).isEqualTo(ServiceStatus.SUSPENDED);
		assertThat(this.ledger.row(SERVICE).status).isEqualTo(WorkStatus.IDLE);
	}

	@Test
	void terminateSuspendsTheTenant() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"), Events.terminate(SERVICE, at(1)));
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp", "suspend acme-corp");
		assertThat(this.archive.tenants.get("acme-corp").status).isEqualTo("suspended");
		assertThat(this.ledger.row(SERVICE).appliedStatus).isEqualTo(ServiceStatus.TERMINATED);
		assertThat(this.published).last().extracting(TenantState::status).isEqualTo(ServiceStatus.TERMINATED);
	}

	@Test
	void slugTakenByAnotherResellerMovesToTheNextAlternative() {
		this.archive.tenants.put("acme-corp", new FakeArchive.FakeTenant(false, "active", "Someone else"));
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp", "create acme-corp-2");
		assertThat(this.ledger.row(SERVICE).slug).isEqualTo("acme-corp-2");
		assertThat(count("ema.slug.alternatives")).isEqualTo(1);
	}

	@Test
	void slugReservedByAnotherServiceOfTheLedgerIsNotEvenTried() {
		this.ledger.receive(now(), Events.create(7, at(0), "Acme Corp"));
		this.ledger.row(7).slugCandidate = "acme-corp";
		this.ledger.row(7).status = WorkStatus.IDLE;
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp-2");
	}

	@Test
	void createWhoseAnswerWasLostIsAdoptedNotDuplicated() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.loseNextCreateAnswer = true;
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.slug).isNull();
		assertThat(row.createOutcomeUnknown).isTrue();
		assertThat(row.status).isEqualTo(WorkStatus.PENDING);

		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp", "create acme-corp", "get acme-corp");
		assertThat(this.archive.tenants).containsOnlyKeys("acme-corp");
		assertThat(row.slug).isEqualTo("acme-corp");
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(count("ema.tenants", "how", "adopted")).isEqualTo(1);
	}

	@Test
	void slugTakenByAnotherAfterAnUnansweredRequestMovesOn() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.failures.add(ProvisioningFailure.retriable("HTTP 503", null, null));
		reconcile();
		this.archive.tenants.put("acme-corp", new FakeArchive.FakeTenant(false, "active", "Someone else"));
		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp", "create acme-corp", "get acme-corp",
				"create acme-corp-2");
		assertThat(this.ledger.row(SERVICE).slug).isEqualTo("acme-corp-2");
	}

	@Test
	void derivedSlugTheArchiveRefusesIsReplacedByTheNextAlternative() {
		this.archive.refused.add("smtp");
		this.ledger.receive(now(), Events.create(SERVICE, at(0), new Client("SMTP", null, null, null),
				new ProductOptions(null, true, null, null), null));
		reconcile();
		assertThat(this.archive.calls).containsExactly("create smtp", "create smtp-2");
	}

	@Test
	void requestedSlugTheArchiveRefusesIsDeadLettered() {
		this.archive.refused.add("smtp");
		ServiceCreated create = Events.create(SERVICE, at(0), "Acme", "smtp");
		this.ledger.receive(now(), create);
		reconcile();
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.ARCHIVE_REJECTED);
		assertThat(this.ledger.row(SERVICE).status).isEqualTo(WorkStatus.FAILED);
		assertThat(this.ledger.state(create.eventId())).isEqualTo(EventState.DEAD_LETTERED);
	}

	@Test
	void requestedSlugThatIsTakenIsDeadLetteredWhenTheProductGeneratesNoOther() {
		this.archive.tenants.put("acme", new FakeArchive.FakeTenant(false, "active", "Someone else"));
		this.ledger.receive(now(), Events.create(SERVICE, at(0), new Client("Acme", null, null, null),
				new ProductOptions(null, false, "acme", null), null));
		reconcile();
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.SLUG_TAKEN);
	}

	@Test
	void runningOutOfAlternativesIsDeadLetteredAsSlugExhausted() {
		this.maxSlugAttempts = 3;
		for (String slug : List.of("acme-corp", "acme-corp-2", "acme-corp-3")) {
			this.archive.tenants.put(slug, new FakeArchive.FakeTenant(false, "active", "Someone else"));
		}
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		reconcile();
		assertThat(this.archive.creates()).isEqualTo(3);
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.SLUG_EXHAUSTED);
	}

	@Test
	void unauthorizedDeadLettersTheUnappliedEventsAndAReplayTriesAgain() {
		ServiceCreated create = Events.create(SERVICE, at(0), "Acme Corp");
		ServiceSuspended suspend = Events.suspend(SERVICE, at(1));
		this.ledger.receive(now(), create, suspend);
		this.archive.failures.add(ProvisioningFailure.permanent(DeadLetterReason.ARCHIVE_UNAUTHORIZED,
				"archive create failed with HTTP 401: Unauthenticated.", null));
		reconcile();
		assertThat(this.deadLetters).hasSize(2)
			.allSatisfy((letter) -> assertThat(letter.reason()).isEqualTo(DeadLetterReason.ARCHIVE_UNAUTHORIZED));
		assertThat(this.deadLetteredTypes).containsExactly(EventType.CREATE, EventType.SUSPEND);
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.status).isEqualTo(WorkStatus.FAILED);
		assertThat(this.ledger.claimDue(WORKER, 10, now().plus(Duration.ofDays(1)))).isEmpty();

		this.ledger.receive(now(), suspend);
		assertThat(this.ledger.state(suspend.eventId())).isEqualTo(EventState.RECORDED);
		assertThat(row.status).isEqualTo(WorkStatus.PENDING);
		reconcile();
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.SUSPENDED);
		assertThat(this.archive.tenants.get("acme-corp").status).isEqualTo("suspended");
	}

	@Test
	void transientFailureIsRetriedLaterHonouringRetryAfter() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.failures.add(ProvisioningFailure.retriable("HTTP 429", Duration.ofSeconds(30), null));
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.status).isEqualTo(WorkStatus.PENDING);
		assertThat(row.attempts).isEqualTo(1);
		assertThat(row.nextAttemptAt).isAfterOrEqualTo(now().plusSeconds(30));
		assertThat(count("ema.events", "type", "service.create", "outcome", "retried")).isEqualTo(1);

		reconcile();
		assertThat(this.archive.creates()).as("not due before Retry-After").isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(30));
		reconcile();
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(row.attempts).isZero();
	}

	@Test
	void givesUpAfterTheGiveUpPeriodAndDeadLettersAsRetriesExhausted() {
		this.archiveRetry = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(5), Duration.ofHours(1));
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		for (int i = 0; i < 3; i++) {
			this.archive.failures.add(ProvisioningFailure.retriable("HTTP 503", null, null));
		}
		reconcile();
		this.clock.advance(Duration.ofMinutes(30));
		reconcile();
		assertThat(this.deadLetters).isEmpty();
		this.clock.advance(Duration.ofMinutes(31));
		reconcile();
		assertThat(this.deadLetters).singleElement().satisfies((letter) -> {
			assertThat(letter.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
			assertThat(letter.attempts()).isEqualTo(3);
			assertThat(letter.firstFailure()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
		});
		assertThat(this.ledger.row(SERVICE).status).isEqualTo(WorkStatus.FAILED);
	}

	@Test
	void callHeldBackByTheCircuitIsNotAnAttemptAndKeepsTheSchedule() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.failures.add(ProvisioningFailure.retriable("HTTP 503", null, null));
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		Instant scheduled = row.nextAttemptAt;
		Instant firstFailure = row.firstFailureAt;
		this.clock.advance(Duration.ofMinutes(10));
		this.archive.failures.add(CallNotSent.failure(CallNotSent.Reason.CIRCUIT_OPEN, "circuit open", null));
		reconcile();
		assertThat(this.archive.creates()).isEqualTo(2);
		assertThat(row.attempts).isEqualTo(1);
		assertThat(row.firstFailureAt).isEqualTo(firstFailure);
		assertThat(row.nextAttemptAt).isEqualTo(scheduled);
		assertThat(row.status).isEqualTo(WorkStatus.PENDING);
		assertThat(row.claimedBy).isNull();
		assertThat(count("ema.events", "type", "service.create", "outcome", "retried")).isEqualTo(1);
		reconcile();
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.ACTIVE);
	}

	@Test
	void timeTheCircuitWasOpenDoesNotCountTowardGivingUp() {
		this.archiveRetry = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(5), Duration.ofHours(1));
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.failures.add(ProvisioningFailure.retriable("HTTP 503", null, null));
		reconcile();
		// three hours later, two and a half of them with the circuit open: the archive is
		// still failing
		this.clock.advance(Duration.ofHours(3));
		this.archive.unavailable = Duration.ofMinutes(150);
		this.archive.failures.add(ProvisioningFailure.retriable("HTTP 503", null, null));
		reconcile();
		assertThat(this.deadLetters).isEmpty();
		assertThat(this.ledger.row(SERVICE).attempts).isEqualTo(2);
		// past the hour of failing while the archive was reachable: now it gives up
		this.clock.advance(Duration.ofMinutes(31));
		this.archive.failures.add(ProvisioningFailure.retriable("HTTP 503", null, null));
		reconcile();
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
	}

	@Test
	void tenantGoneFromTheArchiveIsDeadLetteredNotRecreated() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		reconcile();
		this.archive.tenants.clear();
		this.ledger.receive(now(), Events.suspend(SERVICE, at(1)));
		reconcile();
		assertThat(this.archive.creates()).isEqualTo(1);
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.TENANT_NOT_FOUND);
	}

	@Test
	void whmcsOutageDelaysOnlyTheWriteBack() {
		this.whmcsFailures.add(ProvisioningFailure.retriable("WHMCS down", null, null));
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(row.whmcsSynced).isFalse();
		assertThat(row.whmcsAttempts).isEqualTo(1);
		assertThat(this.published).hasSize(1);

		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		assertThat(row.whmcsSynced).isTrue();
		assertThat(this.archive.calls).containsExactly("create acme-corp");
		assertThat(this.whmcsCalls).hasSize(2);
		assertThat(count("ema.whmcs.writebacks", "outcome", "failed")).isEqualTo(1);
	}

	@Test
	void tenantStateThatKafkaDidNotTakeIsPublishedAgainLater() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.published.add(null);
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.publishedEventId).isNull();
		assertThat(row.publishAttempts).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		assertThat(row.publishedEventId).isEqualTo(row.appliedVersion.eventId());
	}

	// ---- ownership: a tenant is ours only with proof
	// ----------------------------------------------------------

	@Test
	void anotherCustomersTenantUnderARequestedSlugIsNeverTakenOver() {
		this.archive.tenants.put("victim-corp",
				new FakeArchive.FakeTenant(true, "active", "Victim Corp", null, at(-3600)));
		ServiceCreated create = Events.create(SERVICE, at(0), new Client("Attacker Ltd", null, null, null),
				new ProductOptions(null, false, "victim-corp", null), null);
		this.ledger.receive(now(), create);
		reconcile();
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.SLUG_TAKEN);
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.status).isEqualTo(WorkStatus.FAILED);

		// WHMCS's overdue suspend: recorded, the service stays parked, nothing is called
		this.archive.calls.clear();
		ServiceSuspended suspend = Events.suspend(SERVICE, at(10));
		this.ledger.receive(now(), suspend);
		assertThat(row.status).isEqualTo(WorkStatus.FAILED);
		this.clock.advance(Duration.ofHours(1));
		reconcile();
		assertThat(this.archive.calls).isEmpty();

		// the replay the notice recommends, without a changed slug: dead-lettered again
		this.ledger.receive(now(), create);
		reconcile();
		assertThat(this.archive.calls).containsExactly("create victim-corp", "get victim-corp");
		assertThat(this.deadLetters).hasSize(3)
			.extracting(DeadLetter::reason)
			.containsOnly(DeadLetterReason.SLUG_TAKEN);
		assertThat(this.archive.tenants.get("victim-corp").status).isEqualTo("active");
		assertThat(row.slug).isNull();
		assertThat(this.whmcsCalls).isEmpty();
		assertThat(this.published).isEmpty();
	}

	@Test
	void aParkedServiceStartsAgainWithANewCreateThatAsksForAnotherSlug() {
		this.archive.tenants.put("victim-corp",
				new FakeArchive.FakeTenant(true, "active", "Victim Corp", null, at(-3600)));
		this.ledger.receive(now(), Events.create(SERVICE, at(0), new Client("Acme", null, null, null),
				new ProductOptions(null, false, "victim-corp", null), null));
		reconcile();
		this.ledger.receive(now(), Events.suspend(SERVICE, at(10)));
		this.ledger.receive(now(), Events.create(SERVICE, at(20), new Client("Acme", null, null, null),
				new ProductOptions(null, false, "acme-archive", null), null));
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.slug).isEqualTo("acme-archive");
		assertThat(row.ownerEvidence).isEqualTo(Ownership.Evidence.CREATED);
		assertThat(row.appliedStatus).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(this.archive.tenants.get("victim-corp").status).isEqualTo("active");
	}

	@Test
	void aConflictAfterAnUnansweredRequestIsNoProofWhenTheTenantIsOlder() {
		// a tenant made outside the bridge, for the same domain, before this service
		// existed
		this.archive.tenants.put("acme-corp",
				new FakeArchive.FakeTenant(true, "active", "Acme Corp", null, at(-86400)));
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.failures.add(ProvisioningFailure.retriable("HTTP 503", null, null));
		reconcile();
		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		assertThat(this.archive.calls).containsExactly("create acme-corp", "create acme-corp", "get acme-corp",
				"create acme-corp-2");
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.slug).isEqualTo("acme-corp-2");
		assertThat(row.ownerEvidence).isEqualTo(Ownership.Evidence.CREATED);
		assertThat(count("ema.tenants", "how", "adopted")).isZero();
	}

	@Test
	void aLostAnswerNextToAForeignTenantWithAnotherNameIsNotAdopted() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.failures.add(ProvisioningFailure.retriable("connection dropped", null, null));
		reconcile();
		// someone else took the slug after the request was sent (its answer lost)
		this.clock.advance(Duration.ofSeconds(30));
		this.archive.tenants.put("acme-corp", new FakeArchive.FakeTenant(true, "active", "ACME Holdings", null, now()));
		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.slug).isEqualTo("acme-corp-2");
		assertThat(this.archive.tenants.get("acme-corp").name).isEqualTo("ACME Holdings");
	}

	@Test
	void aLostAnswerIsAdoptedWithItsProofRecorded() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		this.archive.loseNextCreateAnswer = true;
		reconcile();
		this.clock.advance(Duration.ofMinutes(10));
		this.ledger.receive(now(), Events.suspend(SERVICE, at(5)));
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(row.slug).isEqualTo("acme-corp");
		assertThat(row.ownerEvidence).isEqualTo(Ownership.Evidence.LOST_ANSWER_MATCH);
		assertThat(row.ownerDetail).contains("has the name sent");
		assertThat(this.archive.tenants.get("acme-corp").status).isEqualTo("suspended");
	}

	// ---- bounded under any failure
	// ----------------------------------------------------------------------------

	@Test
	void aDeadLetterThatCannotBeRecordedIsNotPublishedAndTheServiceBacksOff() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Null\u0000Byte GmbH"));
		this.archive.failures.add(ProvisioningFailure.permanent(DeadLetterReason.ARCHIVE_UNAUTHORIZED,
				"archive create failed with HTTP 401", null));
		this.ledger.failNextDeadLettering = new IllegalStateException("ERROR: unsupported Unicode escape sequence");
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(this.deadLetters).isEmpty();
		assertThat(row.errorAttempts).isEqualTo(1);
		assertThat(row.errorStage).isEqualTo("archive");
		assertThat(row.holdUntil).isAfter(now());
		assertThat(row.claimedBy).isNull();
		assertThat(count("ema.apply.errors", "stage", "archive")).isEqualTo(1);

		// held off: not claimed again at once, however often the applier looks
		for (int i = 0; i < 10; i++) {
			reconcile();
		}
		assertThat(this.archive.calls).containsExactly("create null-byte-gmbh");

		this.clock.advance(Duration.ofMinutes(10));
		this.archive.failures.add(ProvisioningFailure.permanent(DeadLetterReason.ARCHIVE_UNAUTHORIZED,
				"archive create failed with HTTP 401", null));
		reconcile();
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.ARCHIVE_UNAUTHORIZED);
		assertThat(this.ledger.notices).containsExactly(SERVICE + " archive_unauthorized");
	}

	@Test
	void aDeadLetterIsPublishedOnceEvenWhenKafkaFailsAtFirst() {
		ServiceCreated create = Events.create(SERVICE, at(0), "Acme Corp");
		this.ledger.receive(now(), create);
		this.archive.failures
			.add(ProvisioningFailure.permanent(DeadLetterReason.ARCHIVE_UNAUTHORIZED, "HTTP 401", null));
		this.failDeadLetterSink = 1;
		reconcile();
		InMemoryLedger.Row row = this.ledger.row(SERVICE);
		assertThat(this.deadLetters).isEmpty();
		assertThat(row.status).isEqualTo(WorkStatus.FAILED);
		assertThat(row.deadLettersUnpublished).isTrue();
		assertThat(this.ledger.state(create.eventId())).isEqualTo(EventState.DEAD_LETTERED);
		reconcile();
		assertThat(this.deadLetters).as("not before its back-off").isEmpty();

		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		reconcile();
		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		assertThat(this.deadLetters).singleElement()
			.extracting(DeadLetter::reason)
			.isEqualTo(DeadLetterReason.ARCHIVE_UNAUTHORIZED);
		assertThat(row.deadLettersUnpublished).isFalse();
		assertThat(this.archive.calls).containsExactly("create acme-corp");
	}

	// ---- fencing
	// ------------------------------------------------------------------------------------------------

	@Test
	void aClaimTakenOverDuringACallWritesAndPublishesNothing() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		reconcile();
		this.published.clear();
		this.ledger.receive(now(), Events.suspend(SERVICE, at(1)));
		ServiceRecord stale = this.ledger.claimDue(WORKER, 10, now()).get(0);
		// the call stalls past the lease; another instance takes the service over and
		// applies a newer unsuspend
		this.archive.duringCall = () -> {
			this.archive.duringCall = () -> {
			};
			this.clock.advance(InMemoryLedger.LEASE.plusSeconds(1));
			this.ledger.receive(now(), Events.unsuspend(SERVICE, at(2)));
			this.ledger.claim(SERVICE, "worker-2", now());
			this.archive.tenants.get("acme-corp").status = "active";
			this.ledger.row(SERVICE).appliedStatus = ServiceStatus.ACTIVE;
		};
		driver().drive(stale);
		assertThat(this.published).as("no stale tenant state").isEmpty();
		assertThat(this.ledger.row(SERVICE).claimedBy).isEqualTo("worker-2");
		assertThat(this.ledger.row(SERVICE).appliedStatus).isEqualTo(ServiceStatus.ACTIVE);
	}

	@Test
	void aClaimWhoseLeaseRanOutAndWasTakenOverStopsBeforeItsNextCall() {
		this.ledger.receive(now(), Events.create(SERVICE, at(0), "Acme Corp"));
		reconcile();
		this.ledger.receive(now(), Events.suspend(SERVICE, at(1)));
		ServiceRecord stale = this.ledger.claimDue(WORKER, 10, now()).get(0);
		// stalled (a GC pause) before its call: meanwhile another instance claimed it
		this.clock.advance(InMemoryLedger.LEASE.plusSeconds(1));
		this.ledger.claim(SERVICE, "worker-2", now());
		this.archive.calls.clear();
		driver().drive(stale);
		assertThat(this.archive.calls).isEmpty();
		assertThat(this.archive.tenants.get("acme-corp").status).isEqualTo("active");
	}

	// ---- waiting for a create that never comes
	// ------------------------------------------------------------------

	@Test
	void aServiceWaitingForItsCreateIsNoticedOnceAfterTheThreshold() {
		this.ledger.receive(now(), Events.suspend(SERVICE, at(0)));
		reconcile();
		assertThat(this.ledger.notices).isEmpty();
		this.clock.advance(Duration.ofMinutes(5));
		reconcile();
		assertThat(this.ledger.notices).isEmpty();
		this.clock.advance(Duration.ofMinutes(10));
		reconcile();
		assertThat(this.ledger.notices).containsExactly(SERVICE + " waiting_for_create");
		this.clock.advance(Duration.ofMinutes(30));
		reconcile();
		assertThat(this.ledger.notices).hasSize(1);
		assertThat(this.archive.calls).isEmpty();
	}

	private int failDeadLetterSink;

	private void reconcile() {
		ServiceDriver driver = driver();
		for (var service : this.ledger.claimDue(WORKER, 100, now())) {
			driver.drive(service);
		}
	}

	private ServiceDriver driver() {
		return new ServiceDriver(this.ledger, this.archive, (serviceId, slug, url) -> {
			this.whmcsCalls.add(serviceId + " " + slug + " " + url);
			if (!this.whmcsFailures.isEmpty()) {
				throw this.whmcsFailures.remove(0);
			}
		}, (state) -> {
			if (!this.published.isEmpty() && this.published.get(this.published.size() - 1) == null) {
				this.published.remove(this.published.size() - 1);
				throw new IllegalStateException("Kafka unavailable");
			}
			this.published.add(state);
		}, (event, letter) -> {
			if (this.failDeadLetterSink > 0) {
				this.failDeadLetterSink--;
				throw new IllegalStateException("dead-letter topic unavailable");
			}
			this.deadLetters.add(letter);
			this.deadLetteredTypes.add(event.type());
		}, new ServiceDriver.Settings(WORKER, this.archiveRetry,
				new RetryPolicy(Duration.ofSeconds(2), 2, Duration.ofMinutes(10), null),
				new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(5), null), Duration.ofMinutes(5),
				Duration.ofMinutes(15), this.maxSlugAttempts, "archive.example.test", true, Duration.ofSeconds(20),
				Duration.ofSeconds(5)), new WorkerMetrics(this.registry), this.clock,
				RandomGenerator.of("L64X128MixRandom"));
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static Instant at(int second) {
		return Instant.parse("2026-05-01T09:00:00Z").plusSeconds(second);
	}

}
