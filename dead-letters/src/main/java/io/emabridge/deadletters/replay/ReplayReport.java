package io.emabridge.deadletters.replay;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay did, dead letter by dead letter, in the order they were read.
 *
 * @param topic the dead-letter topic
 * @param dryRun whether it was a dry run
 * @param items one per selected dead letter
 */
public record ReplayReport(String topic, boolean dryRun, List<Item> items) {

	public Map<ReplayOutcome, Integer> counts() {
		Map<ReplayOutcome, Integer> counts = new EnumMap<>(ReplayOutcome.class);
		for (ReplayOutcome outcome : ReplayOutcome.values()) {
			counts.put(outcome, 0);
		}
		for (Item item : this.items) {
			counts.merge(item.outcome(), 1, Integer::sum);
		}
		return counts;
	}

	public int count(ReplayOutcome outcome) {
		return counts().get(outcome);
	}

	/**
	 * What the replay did with one dead letter.
	 *
	 * @param deadLetter its position, {@code topic/partition/offset}
	 * @param target the topic it was (or would be) published to
	 * @param replays how often it has been replayed now, this replay included
	 * @param error why it failed, or a warning; null when all went well
	 */
	public record Item(String deadLetter, String eventId, String serviceId, String type, String reason, String target,
			ReplayOutcome outcome, int replays, String error) {
	}
}
