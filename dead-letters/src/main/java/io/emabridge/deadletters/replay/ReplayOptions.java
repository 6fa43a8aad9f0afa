package io.emabridge.deadletters.replay;

/**
 * How to replay.
 *
 * @param reason why the operator replays (required, e.g. "API key fixed"); travels with
 * every replayed record
 * @param dryRun list what would go, publish nothing and remember nothing
 * @param again replay dead letters that were replayed before as well
 * @param rate records per second at most; 0 for as fast as Kafka takes them
 */
public record ReplayOptions(String reason, boolean dryRun, boolean again, double rate) {

	public ReplayOptions {
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException(
					"a reason for the replay is required (it is recorded with every replayed record)");
		}
		if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
			throw new IllegalArgumentException(
					"rate must be a positive number of records per second, or 0 for no limit");
		}
		reason = reason.strip();
	}
}
