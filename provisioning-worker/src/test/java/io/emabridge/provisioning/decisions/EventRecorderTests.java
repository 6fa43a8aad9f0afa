package io.emabridge.provisioning.decisions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.EventState;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.RecordingPlan;
import io.emabridge.provisioning.ledger.RecordingPlan.Kind;
import io.emabridge.provisioning.ledger.ServiceDesired;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.ledger.WorkStatus;
import io.emabridge.provisioning.support.Events;

import static org.assertj.core.api.Assertions.assertThat;

class EventRecorderTests {

	private static final long SERVICE = 9;

	private static final Instant T0 = Instant.parse("2026-02-01T12:00:00Z");

	private final EventRecorder recorder = new EventRecorder();

	@Test
	void firstEventOfAServiceDecidesItsDesiredState() {
		ServiceCreated create = Events.create(SERVICE, T0, "Acme");
		RecordingPlan plan = decide(List.of(create), Map.of(), Map.of());
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind).containsExactly(Kind.RECORDED);
		assertThat(plan.newEvents()).singleElement()
			.extracting(RecordingPlan.NewEvent::state)
			.isEqualTo(EventState.RECORDED);
		RecordingPlan.ServiceChange change = plan.changes().get(0);
		assertThat(change.desiredStatus()).isEqualTo(ServiceStatus.ACTIVE);
		assertThat(change.desiredVersion()).isEqualTo(create.version());
		assertThat(change.createEvent().event()).isEqualTo(create);
		assertThat(change.rearm()).isFalse();
	}

	@Test
	void newestEventWinsWithinABatchWhateverTheOrder() {
		ServiceCreated create = Events.create(SERVICE, T0, "Acme");
		ServiceUnsuspended unsuspend = Events.unsuspend(SERVICE, T0.plusSeconds(20));
		ServiceSuspended suspend = Events.suspend(SERVICE, T0.plusSeconds(10));
		RecordingPlan plan = decide(List.of(create, unsuspend, suspend), Map.of(), Map.of());
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind)
			.containsExactly(Kind.RECORDED, Kind.RECORDED, Kind.STALE);
		assertThat(plan.changes()).singleElement().satisfies((change) -> {
			assertThat(change.desiredStatus()).isEqualTo(ServiceStatus.ACTIVE);
			assertThat(change.desiredType()).isEqualTo(EventType.UNSUSPEND);
			assertThat(change.desiredVersion()).isEqualTo(unsuspend.version());
		});
	}

	@Test
	void eventOlderThanTheStoredNewestIsStale() {
		ServiceSuspended oldSuspend = Events.suspend(SERVICE, T0);
		ServiceDesired stored = new ServiceDesired(SERVICE, new EventVersion(T0.plusSeconds(5), UUID.randomUUID()),
				new EventVersion(T0.minusSeconds(5), UUID.randomUUID()), WorkStatus.IDLE, null);
		RecordingPlan plan = decide(List.of(oldSuspend), Map.of(SERVICE, stored), Map.of());
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind).containsExactly(Kind.STALE);
		assertThat(plan.newEvents()).singleElement()
			.extracting(RecordingPlan.NewEvent::state)
			.isEqualTo(EventState.STALE);
		assertThat(plan.changes()).isEmpty();
	}

	@Test
	void tieOnTheTimeIsBrokenByTheEventId() {
		UUID low = UUID.fromString("00000000-0000-4000-8000-000000000001");
		UUID high = UUID.fromString("00000000-0000-4000-8000-000000000002");
		LifecycleEvent suspend = new ServiceSuspended(high, T0, SERVICE, 1L, 1L, 1L, null);
		LifecycleEvent unsuspend = new ServiceUnsuspended(low, T0, SERVICE, 1L, 1L, 1L);
		for (List<LifecycleEvent> order : List.of(List.of(suspend, unsuspend), List.of(unsuspend, suspend))) {
			RecordingPlan plan = decide(order, Map.of(), Map.of());
			assertThat(plan.changes()).singleElement().satisfies((change) -> {
				assertThat(change.desiredStatus()).isEqualTo(ServiceStatus.SUSPENDED);
				assertThat(change.desiredVersion().eventId()).isEqualTo(high);
			});
		}
	}

	@Test
	void createOvertakenByASuspendIsKeptForItsPayload() {
		ServiceDesired suspended = new ServiceDesired(SERVICE, new EventVersion(T0.plusSeconds(5), UUID.randomUUID()),
				null, WorkStatus.PENDING, null);
		ServiceCreated create = Events.create(SERVICE, T0, "Acme");
		RecordingPlan plan = decide(List.of(create), Map.of(SERVICE, suspended), Map.of());
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind).containsExactly(Kind.RECORDED);
		assertThat(plan.changes()).singleElement().satisfies((change) -> {
			assertThat(change.desiredVersion()).as("the suspend stays the newest").isNull();
			assertThat(change.createEvent().event()).isEqualTo(create);
		});
	}

	@Test
	void olderCreateThanTheStoredOneIsStale() {
		ServiceDesired stored = new ServiceDesired(SERVICE, new EventVersion(T0.plusSeconds(5), UUID.randomUUID()),
				new EventVersion(T0.plusSeconds(1), UUID.randomUUID()), WorkStatus.IDLE, null);
		RecordingPlan plan = decide(List.of(Events.create(SERVICE, T0, "Acme")), Map.of(SERVICE, stored), Map.of());
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind).containsExactly(Kind.STALE);
	}

	@Test
	void sameEventAgainIsADuplicateInTheBatchAndAcrossBatches() {
		ServiceCreated create = Events.create(SERVICE, T0, "Acme");
		RecordingPlan plan = decide(List.of(create, create, create), Map.of(), Map.of());
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind)
			.containsExactly(Kind.RECORDED, Kind.DUPLICATE, Kind.DUPLICATE);
		assertThat(plan.newEvents()).hasSize(1);
		RecordingPlan later = decide(List.of(create), Map.of(), Map.of(create.eventId(), EventState.APPLIED));
		assertThat(later.verdicts()).extracting(RecordingPlan.Verdict::kind).containsExactly(Kind.DUPLICATE);
		assertThat(later.redelivered()).containsExactly(create.eventId());
		assertThat(later.changes()).isEmpty();
	}

	@Test
	void replayOfADeadLetteredEventReArmsTheService() {
		ServiceSuspended suspend = Events.suspend(SERVICE, T0);
		ServiceDesired failed = new ServiceDesired(SERVICE, suspend.version(), null, WorkStatus.FAILED,
				DeadLetterReason.ARCHIVE_UNAUTHORIZED);
		RecordingPlan plan = decide(List.of(suspend), Map.of(SERVICE, failed),
				Map.of(suspend.eventId(), EventState.DEAD_LETTERED));
		assertThat(plan.verdicts()).extracting(RecordingPlan.Verdict::kind).containsExactly(Kind.REARMED);
		assertThat(plan.rearmed()).containsExactly(suspend.eventId());
		assertThat(plan.changes()).singleElement().satisfies((change) -> {
			assertThat(change.rearm()).isTrue();
			assertThat(change.resetSlug()).isFalse();
			assertThat(change.desiredVersion()).isNull();
		});
	}

	@Test
	void newEventReArmsAFailedServiceAndForgetsExhaustedSlugs() {
		ServiceDesired failed = new ServiceDesired(SERVICE, new EventVersion(T0, UUID.randomUUID()), null,
				WorkStatus.FAILED, DeadLetterReason.SLUG_EXHAUSTED);
		RecordingPlan plan = decide(List.of(Events.create(SERVICE, T0.plusSeconds(1), "Acme")), Map.of(SERVICE, failed),
				Map.of());
		assertThat(plan.changes()).singleElement().satisfies((change) -> {
			assertThat(change.rearm()).isTrue();
			assertThat(change.resetSlug()).isTrue();
		});
	}

	@Test
	void staleEventLeavesAFailedServiceAlone() {
		ServiceDesired failed = new ServiceDesired(SERVICE, new EventVersion(T0, UUID.randomUUID()),
				new EventVersion(T0, UUID.randomUUID()), WorkStatus.FAILED, DeadLetterReason.ARCHIVE_UNAUTHORIZED);
		RecordingPlan plan = decide(List.of(Events.suspend(SERVICE, T0.minusSeconds(1))), Map.of(SERVICE, failed),
				Map.of());
		assertThat(plan.changes()).isEmpty();
	}

	private RecordingPlan decide(List<? extends LifecycleEvent> events, Map<Long, ServiceDesired> services,
			Map<UUID, EventState> known) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (LifecycleEvent event : events) {
			batch.add(Events.incoming(event, batch.size()));
		}
		return this.recorder.decide(batch, services, known);
	}

}
