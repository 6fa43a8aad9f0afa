package io.emabridge.sandbox.support;

/**
 * Ends request handling early with the given answer (validation failures and the like).
 */
public final class ReplyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Reply reply;

	public ReplyException(Reply reply) {
		super(null, null, false, false);
		this.reply = reply;
	}

	public Reply reply() {
		return this.reply;
	}

}
