package io.emabridge.usage.collector;

import java.util.List;

/**
 * Sends snapshots to the usage topic without waiting; the returned acknowledgement says
 * when Kafka has them all.
 */
public interface SnapshotPublisher {

	Acknowledgement publishAll(List<UsageSnapshot> snapshots);

	/** Kafka's acknowledgement of a batch of snapshots. */
	@FunctionalInterface
	interface Acknowledgement {

		/**
		 * Returns once every snapshot of the batch was acknowledged; throws when one was
		 * not.
		 */
		void await();

	}

}
