package io.emabridge.usage.collector;

/**
 * The run may record nothing more: its instance no longer holds the collector lock, or
 * another instance marked the run abandoned. Never retried: the run ends there, and what
 * it published for the unrecorded page is published again by the next run.
 */
public class LostClaimException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public LostClaimException(String message) {
		super(message);
	}

}
