package io.emabridge.deadletters.replay;

/**
 * Hears how far a replay has got, as it goes: for the {@code dlt} command to show an
 * operator that a long replay is moving, and how long it still needs.
 */
public interface ReplayProgress {

	/** Hears nothing. */
	ReplayProgress NONE = new ReplayProgress() {
	};

	/**
	 * The dead-letter topic is about to be read.
	 * @param records how many records it holds up to its end, at most
	 */
	default void started(long records) {
	}

	/**
	 * One more record was read.
	 * @param sent whether it was selected and handed to Kafka (or would be, in a dry run)
	 */
	default void read(boolean sent) {
	}

	/** Everything was read and sent, and Kafka has answered for all of it. */
	default void finished() {
	}

}
