package io.emabridge.provisioning.decisions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.ledger.EventState;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.RecordingPlan;
import io.emabridge.provisioning.ledger.RecordingPlan.Kind;
import io.emabridge.provisioning.ledger.ServiceDesired;
import io.emabridge.provisioning.ledger.WorkStatus;

/**
 * Decides what a batch of events changes, given what the ledger holds: the domain rules
 * of guarantees 2 and 3.
 * <ul>
 * <li>An event id seen before is a duplicate and changes nothing, unless it was
 * dead-lettered: then it is a replay, and the service is tried again.</li>
 * <li>The newest event of a service, by {@link EventVersion} (time WHMCS produced it,
 * then event id), decides what the tenant should be. An older one is stale and
 * skipped.</li>
 * <li>A create event also carries what a tenant is made from. The newest create event is
 * kept even when a newer suspend already decided the status: that is how a suspend that
 * overtook its create still gets a tenant.</li>
 * <li>A recorded event re-arms a dead-lettered service, except one parked because the
 * slug it must have is another tenant's ({@code slug_taken}): its later events are
 * recorded, but only a new create event (which may ask for another slug) or a replay of
 * its dead letters tries again, so that nothing ever touches a tenant it does not
 * own.</li>
 * </ul>
 * Plain Java: the ledger calls it inside its transaction with the batch's service rows
 * locked.
 */
public final class EventRecorder implements Ledger.Decider {

	@Override
	public RecordingPlan decide(List<IncomingEvent> batch, Map<Long, ServiceDesired> services,
			Map<UUID, EventState> known) {
		Map<Long, Draft> drafts = new LinkedHashMap<>();
		Set<UUID> seen = new HashSet<>();
		Map<UUID, EventState> states = new HashMap<>(known);
		List<RecordingPlan.NewEvent> newEvents = new ArrayList<>();
		List<UUID> rearmed = new ArrayList<>();
		List<UUID> redelivered = new ArrayList<>();
		List<RecordingPlan.Verdict> verdicts = new ArrayList<>();
		for (IncomingEvent incoming : batch) {
			LifecycleEvent event = incoming.event();
			UUID id = event.eventId();
			Draft draft = drafts.computeIfAbsent(event.serviceId(),
					(serviceId) -> new Draft(services.getOrDefault(serviceId, ServiceDesired.unknown(serviceId))));
			EventState before = states.get(id);
			if (before != null || !seen.add(id)) {
				if (before == EventState.DEAD_LETTERED) {
					states.put(id, EventState.RECORDED);
					rearmed.add(id);
					draft.rearm(true);
					verdicts.add(new RecordingPlan.Verdict(id, event.type(), Kind.REARMED));
				}
				else {
					redelivered.add(id);
					verdicts.add(new RecordingPlan.Verdict(id, event.type(), Kind.DUPLICATE));
				}
				continue;
			}
			boolean newest = event.version().isNewerThan(draft.desiredVersion);
			boolean newestCreate = event instanceof ServiceCreated && event.version().isNewerThan(draft.createVersion);
			if (newest) {
				draft.desire(event);
			}
			if (newestCreate) {
				draft.create(incoming);
			}
			if (newest || newestCreate) {
				draft.rearm(newestCreate);
				newEvents.add(new RecordingPlan.NewEvent(incoming, EventState.RECORDED));
				verdicts.add(new RecordingPlan.Verdict(id, event.type(), Kind.RECORDED));
			}
			else {
				newEvents.add(new RecordingPlan.NewEvent(incoming, EventState.STALE));
				verdicts.add(new RecordingPlan.Verdict(id, event.type(), Kind.STALE));
			}
		}
		List<RecordingPlan.ServiceChange> changes = drafts.values()
			.stream()
			.filter(Draft::changed)
			.map(Draft::change)
			.toList();
		return new RecordingPlan(newEvents, changes, rearmed, redelivered, verdicts);
	}

	/** A service's desired state while the batch is being decided. */
	private static final class Draft {

		private final ServiceDesired stored;

		private EventVersion desiredVersion;

		private LifecycleEvent newest;

		private EventVersion createVersion;

		private IncomingEvent createEvent;

		private boolean changed;

		private boolean rearm;

		private boolean newCreate;

		Draft(ServiceDesired stored) {
			this.stored = stored;
			this.desiredVersion = stored.desiredVersion();
			this.createVersion = stored.createVersion();
		}

		void desire(LifecycleEvent event) {
			this.desiredVersion = event.version();
			this.newest = event;
			this.changed = true;
		}

		void create(IncomingEvent incoming) {
			this.createEvent = incoming;
			this.createVersion = incoming.event().version();
			this.changed = true;
		}

		/**
		 * Makes the service due; a dead-lettered one is tried again from scratch, unless
		 * it is parked and this is neither a create nor a replay.
		 * @param restarts a create event or a replay of a dead letter
		 */
		void rearm(boolean restarts) {
			this.changed = true;
			this.newCreate = this.newCreate || this.createEvent != null;
			if (this.stored.status() == WorkStatus.FAILED && (restarts || !parked())) {
				this.rearm = true;
			}
		}

		private boolean parked() {
			return this.stored.status() == WorkStatus.FAILED
					&& this.stored.lastFailureReason() == DeadLetterReason.SLUG_TAKEN;
		}

		boolean changed() {
			return this.changed;
		}

		RecordingPlan.ServiceChange change() {
			return new RecordingPlan.ServiceChange(this.stored.serviceId(),
					(this.newest != null) ? this.newest.type() : null,
					(this.newest != null) ? this.desiredVersion : null, this.createEvent, this.rearm,
					this.rearm && (this.stored.lastFailureReason() == DeadLetterReason.SLUG_EXHAUSTED
							|| (this.newCreate && this.stored.lastFailureReason() == DeadLetterReason.SLUG_TAKEN)),
					!this.rearm && parked());
		}

	}

}
