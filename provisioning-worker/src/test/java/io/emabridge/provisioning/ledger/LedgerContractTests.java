package io.emabridge.provisioning.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.provisioning.decisions.EventRecorderAccess;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every {@link Ledger} promises the applier, run against the PostgreSQL ledger and
 * against the in-memory one the applier's plain-Java tests use: a fake that passes the
 * same contract is one whose tests can be trusted.
 */
public abstract class LedgerContractTests {

	protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	protected abstract Ledger ledger();

	protected abstract Duration lease();

	@Test
	void aServiceIsClaimedOnceAtATimeAndAClaimTakenOverWritesNothing() {
		long id = TestNames.serviceId();
		record(Events.create(id, this.now.minusSeconds(5), "Acme"));
		ServiceRecord first = claim(id, "a", this.now);
		assertThat(first.claim().token()).isPositive();
		assertThat(claimed(id, "b", this.now)).as("claimed by a").isEmpty();

		Instant later = this.now.plus(lease()).plusSeconds(5);
		ServiceRecord second = claim(id, "b", later);
		assertThat(second.claim().token()).isNotEqualTo(first.claim().token());
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> ledger().renew(first.claim(), later));
		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> ledger().markApplied(first.claim(),
				first.desiredVersion(), ServiceStatus.ACTIVE, tenant("acme-" + id), Ledger.Followups.none(), later));
		assertThat(ledger().renew(second.claim(), later)).isAfter(later);
	}

	@Test
	void aSlugIsReservedForOneServiceOnly() {
		long one = TestNames.serviceId();
		long two = TestNames.serviceId();
		String slug = "slug-" + TestNames.shortId();
		record(Events.create(one, this.now.minusSeconds(5), "One"),
				Events.create(two, this.now.minusSeconds(5), "Two"));
		ServiceRecord first = claim(one, "a", this.now);
		ServiceRecord second = claim(two, "a", this.now);
		assertThat(ledger().reserveCandidate(first.claim(), slug, 0, this.now)).isPresent();
		assertThat(ledger().reserveCandidate(second.claim(), slug, 0, this.now)).isEmpty();
		assertThat(ledger().reserveCandidate(second.claim(), slug + "-2", 1, this.now)).isPresent();
	}

	@Test
	void applyingKeepsTheClaimUntilReleasedAndLeavesANewerEventDue() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now.minusSeconds(10), "Acme");
		record(create);
		ServiceRecord claimed = claim(id, "a", this.now);
		record(Events.suspend(id, this.now.minusSeconds(5)));
		Ledger.Applied applied = ledger().markApplied(claimed.claim(), create.version(), ServiceStatus.ACTIVE,
				tenant("acme-" + id), Ledger.Followups.none(), this.now);
		assertThat(applied.appliedEvents()).extracting(Enum::name).containsExactly("CREATE");
		assertThat(applied.service().status()).isEqualTo(WorkStatus.PENDING);
		assertThat(applied.service().ownerEvidence()).isEqualTo("created");
		assertThat(claimed(id, "b", this.now)).as("still claimed").isEmpty();

		ledger().release(claimed.claim(), Ledger.Followups.none().withPublished(create.eventId()), this.now);
		ServiceRecord again = claim(id, "b", this.now);
		assertThat(again.desiredStatus()).isEqualTo(ServiceStatus.SUSPENDED);
		assertThat(again.publishedEventId()).isEqualTo(create.eventId());
	}

	@Test
	void deadLettersAreRecordedFirstAndPublishedOnce() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now.minusSeconds(10), "Acme");
		record(create);
		ServiceRecord claimed = claim(id, "a", this.now);
		DeadLetter letter = new DeadLetter(DeadLetterReason.ARCHIVE_REJECTED, "HTTP 400", 1, this.now, this.now);
		ServiceRecord failed = ledger().markDeadLettered(claimed.claim(), create.version(), List.of(create.eventId()),
				letter, 7L, this.now);
		assertThat(failed.status()).isEqualTo(WorkStatus.FAILED);
		assertThat(failed.deadLettersDue(this.now)).isTrue();
		assertThat(ledger().unpublishedDeadLetters(id)).singleElement()
			.satisfies((pending) -> assertThat(pending.letter().reason()).isEqualTo(DeadLetterReason.ARCHIVE_REJECTED));
		ServiceRecord published = ledger().deadLettersPublished(claimed.claim(), List.of(create.eventId()), this.now,
				this.now);
		assertThat(published.deadLettersUnpublished()).isFalse();
		assertThat(ledger().unpublishedDeadLetters(id)).isEmpty();
		ledger().release(claimed.claim(), Ledger.Followups.none(), this.now);
		assertThat(claimed(id, "a", this.now.plus(Duration.ofDays(1)))).as("failed: nothing due").isEmpty();
	}

	@Test
	void anUnexpectedFailureHoldsTheServiceOffUntilItsBackOffIsOver() {
		long id = TestNames.serviceId();
		record(Events.create(id, this.now.minusSeconds(5), "Acme"));
		ServiceRecord claimed = claim(id, "a", this.now);
		ledger().markError(claimed.claim(), "archive", "java.lang.IllegalStateException", this.now.plusSeconds(30),
				this.now);
		assertThat(claimed(id, "a", this.now.plusSeconds(10))).isEmpty();
		ServiceRecord again = claim(id, "a", this.now.plusSeconds(31));
		assertThat(again.errorAttempts()).isEqualTo(1);
		ledger().release(again.claim(), Ledger.Followups.none(), this.now.plusSeconds(31));
	}

	@Test
	void aServiceParkedOnATakenSlugStaysParkedUntilANewCreate() {
		long id = TestNames.serviceId();
		ServiceCreated create = Events.create(id, this.now.minusSeconds(10), new Client("Acme", null, null, null),
				new ProductOptions(null, false, "taken-" + id, null), null);
		record(create);
		ServiceRecord claimed = claim(id, "a", this.now);
		ledger().reserveCandidate(claimed.claim(), "taken-" + id, 0, this.now);
		ledger().markDeadLettered(claimed.claim(), create.version(), List.of(create.eventId()),
				new DeadLetter(DeadLetterReason.SLUG_TAKEN, "taken", 1, this.now, this.now), null, this.now);
		ledger().deadLettersPublished(claimed.claim(), List.of(create.eventId()), this.now, this.now);
		ledger().release(claimed.claim(), Ledger.Followups.none(), this.now);

		ServiceSuspended suspend = Events.suspend(id, this.now.minusSeconds(5));
		record(suspend);
		assertThat(claimed(id, "a", this.now.plusSeconds(1))).as("parked").isEmpty();

		record(Events.create(id, this.now.minusSeconds(1), new Client("Acme", null, null, null),
				new ProductOptions(null, false, "other-" + id, null), null));
		ServiceRecord restarted = claim(id, "a", this.now.plusSeconds(1));
		assertThat(restarted.status()).isEqualTo(WorkStatus.PENDING);
		assertThat(restarted.slugCandidate()).as("the taken slug is given up").isNull();
		assertThat(restarted.createEvent().options().requestedSlug()).isEqualTo("other-" + id);
	}

	@Test
	void waitingForACreateEndsWhenOneArrivedMeanwhile() {
		long id = TestNames.serviceId();
		record(Events.suspend(id, this.now.minusSeconds(5)));
		ServiceRecord claimed = claim(id, "a", this.now);
		assertThat(claimed.createEvent()).isNull();
		record(Events.create(id, this.now.minusSeconds(6), "Acme"));
		ServiceRecord waiting = ledger().waitForCreate(claimed.claim(), this.now.plusSeconds(300), false, this.now);
		assertThat(waiting.nextAttemptAt()).isEqualTo(this.now);
	}

	protected void record(LifecycleEvent... events) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : events) {
			batch.add(Events.incoming(event, batch.size()));
		}
		ledger().record(batch, EventRecorderAccess.recorder());
	}

	private ServiceRecord claim(long id, String worker, Instant at) {
		return claimed(id, worker, at).orElseThrow(() -> new AssertionError("service " + id + " was not due"));
	}

	/**
	 * Claims what is due a second after {@code at} (events are recorded at the clock's
	 * time) and gives back everything but the service asked for: other tests' services
	 * may share the ledger.
	 */
	private Optional<ServiceRecord> claimed(long id, String worker, Instant at) {
		ServiceRecord found = null;
		for (ServiceRecord service : ledger().claimDue(worker, 10_000, at.plusSeconds(1))) {
			if (service.serviceId() == id) {
				found = service;
			}
			else {
				ledger().release(service.claim(), Ledger.Followups.none(), at);
			}
		}
		return Optional.ofNullable(found);
	}

	private static Ledger.NewTenant tenant(String slug) {
		return new Ledger.NewTenant(slug, "https://" + slug + ".test", false, Ownership.created(slug));
	}

}
