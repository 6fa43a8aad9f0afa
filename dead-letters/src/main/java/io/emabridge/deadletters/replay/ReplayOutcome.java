package io.emabridge.deadletters.replay;

import java.util.Locale;

/** What became of one selected dead letter in a replay. */
public enum ReplayOutcome {

	/** Published to its original topic, acknowledged by Kafka, and remembered. */
	REPLAYED,
	/** A dry run: it would have been published. */
	WOULD_REPLAY,
	/** Replayed before, and {@code again} was not asked for: not published. */
	ALREADY_REPLAYED,
	/** Not published: no topic to send it to, or Kafka did not acknowledge it. */
	FAILED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
