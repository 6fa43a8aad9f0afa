package io.emabridge.provisioning.welcome;

import java.time.Instant;
import java.util.List;

/**
 * Where welcome e-mails are recorded: one row per service, made due by the ledger when it
 * records the service's write-back. Every write after a claim names the claiming
 * instance.
 */
interface WelcomeStore {

	/**
	 * Takes up to {@code limit} due e-mails and marks each as being sent, in one write,
	 * before any is sent: from then on a lost answer can never lead to a second e-mail.
	 */
	List<WelcomeEmail> claimDue(String worker, String template, int limit, Instant now);

	/** WHMCS sent it. */
	void sent(long serviceId, String worker, Instant now);

	/**
	 * WHMCS did not send it (it said so, or was never reached): due again at
	 * {@code nextAttemptAt}.
	 * @return whether the e-mail was still this instance's
	 */
	boolean notSent(long serviceId, String worker, String error, Instant nextAttemptAt, Instant now);

	/** The request went out and no answer came: it may have been sent. */
	void outcomeUnknown(long serviceId, String worker, String error, Instant now);

	/**
	 * E-mails marked as being sent whose lease ran out (their worker died or stalled
	 * mid-call) become of unknown outcome.
	 * @return their services
	 */
	List<Long> abandoned(Instant now);

	/**
	 * Due e-mails are skipped (no template configured), at most {@code limit}.
	 * @return how many
	 */
	int skipDue(String why, int limit, Instant now);

}
