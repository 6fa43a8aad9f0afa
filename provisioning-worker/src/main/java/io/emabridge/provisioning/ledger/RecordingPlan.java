package io.emabridge.provisioning.ledger;

import java.util.List;
import java.util.UUID;

import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.EventVersion;

/**
 * What recording one batch changes in the ledger, decided in plain Java and written in
 * one transaction.
 *
 * @param newEvents events seen for the first time, with the state they are stored in
 * @param changes services whose desired state or create event changed, or that are
 * re-armed
 * @param rearmed dead-lettered events that came again (a replay): back to recorded
 * @param redelivered events seen before that came again
 * @param verdicts what became of each event of the batch, in batch order
 */
public record RecordingPlan(List<NewEvent> newEvents, List<ServiceChange> changes, List<UUID> rearmed,
		List<UUID> redelivered, List<Verdict> verdicts) {

	public RecordingPlan {
		newEvents = List.copyOf(newEvents);
		changes = List.copyOf(changes);
		rearmed = List.copyOf(rearmed);
		redelivered = List.copyOf(redelivered);
		verdicts = List.copyOf(verdicts);
	}

	/** An event to store, and in which state. */
	public record NewEvent(IncomingEvent event, EventState state) {
	}

	/**
	 * What changes about a service. Every change makes the service's archive work due
	 * now, unless the service is parked.
	 *
	 * @param desiredType the type of the service's new newest event, {@code null} when
	 * that did not change
	 * @param desiredVersion the version of that event, {@code null} when it did not
	 * change
	 * @param createEvent the new newest create event, {@code null} when it did not change
	 * @param rearm the service was dead-lettered and is tried again: failure count and
	 * history are cleared
	 * @param resetSlug also forget the slugs tried: they were all exhausted, or a new
	 * create event may ask for another one
	 * @param keepParked the service stays failed: it is parked after a slug the archive
	 * gives to another tenant, and only a new create or a replay starts it again
	 */
	public record ServiceChange(long serviceId, EventType desiredType, EventVersion desiredVersion,
			IncomingEvent createEvent, boolean rearm, boolean resetSlug, boolean keepParked) {

		/**
		 * The status the new newest event asks for, {@code null} when it did not change.
		 */
		public ServiceStatus desiredStatus() {
			return (this.desiredType != null) ? ServiceStatus.of(this.desiredType) : null;
		}
	}

	/** What became of one event of the batch. */
	public record Verdict(UUID eventId, EventType type, Kind kind) {
	}

	public enum Kind {

		/** Stored; the applier will bring the archive to it. */
		RECORDED,
		/** Seen before: nothing to do. */
		DUPLICATE,
		/** Older than the service's newest event: skipped. */
		STALE,
		/** Seen before and dead-lettered: a replay, so the service is tried again. */
		REARMED

	}
}
