package io.emabridge.provisioning.welcome;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.provisioning.decisions.RetryPolicy;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/**
 * Sends each new tenant's welcome e-mail once. With an asynchronous create the product's
 * own welcome e-mail goes out before the tenant exists, without its URL; this one is sent
 * once the slug and URL are in WHMCS, from a WHMCS template with {@code archive_url} and
 * {@code archive_slug}.
 * <p>
 * Once, not at least once: an e-mail is marked as being sent before the call, and a call
 * whose answer is lost (a timeout, a dropped connection, a worker that died mid-call) is
 * recorded as of unknown outcome and never repeated by the worker, since WHMCS cannot be
 * asked whether it went out; WHMCS's Activity Log says so, for an admin to check the
 * client's e-mails and resend by hand. Only what WHMCS cannot have sent (it said so, or
 * it was never reached) is tried again, with back-off and without end.
 */
final class WelcomeMailer {

	private static final Logger log = LoggerFactory.getLogger(WelcomeMailer.class);

	private final WelcomeStore store;

	private final WelcomeSender sender;

	private final String template;

	private final RetryPolicy retry;

	private final String worker;

	private final WorkerMetrics metrics;

	private final Clock clock;

	private final RandomGenerator random;

	/**
	 * A mailer that sends {@code template}.
	 * @param template the WHMCS template; blank: no e-mails, and those that become due
	 * are skipped
	 */
	WelcomeMailer(WelcomeStore store, WelcomeSender sender, String template, RetryPolicy retry, String worker,
			WorkerMetrics metrics, Clock clock, RandomGenerator random) {
		this.store = store;
		this.sender = sender;
		this.template = template;
		this.retry = retry;
		this.worker = worker;
		this.metrics = metrics;
		this.clock = clock;
		this.random = random;
	}

	/**
	 * Sends up to {@code limit} due e-mails.
	 * @return how many were taken (or skipped): {@code limit} means there may be more
	 */
	int sendDue(int limit) {
		for (long serviceId : this.store.abandoned(now())) {
			unknown(serviceId, "the worker sending it stopped before WHMCS answered");
		}
		if (this.template.isBlank()) {
			int skipped = this.store.skipDue("no template configured (ema.welcome.template)", limit, now());
			if (skipped > 0) {
				this.metrics.welcomeEmail(WorkerMetrics.WelcomeOutcome.SKIPPED, skipped);
				log.debug("Skipped {} welcome e-mail(s): no template configured", skipped);
			}
			return skipped;
		}
		List<WelcomeEmail> claimed = this.store.claimDue(this.worker, this.template, limit, now());
		for (WelcomeEmail email : claimed) {
			send(email);
		}
		return claimed.size();
	}

	private void send(WelcomeEmail email) {
		WelcomeSender.Outcome outcome = this.sender.send(this.template, email.serviceId(), email.slug(), email.url());
		if (outcome instanceof WelcomeSender.Sent) {
			this.store.sent(email.serviceId(), this.worker, now());
			this.metrics.welcomeEmail(WorkerMetrics.WelcomeOutcome.SENT, 1);
			log.info("Service {}: welcome e-mail '{}' sent with {}", email.serviceId(), this.template, email.url());
		}
		else if (outcome instanceof WelcomeSender.NotSent notSent) {
			Instant next = this.retry.nextAttempt(email.attempts(), now(), null, this.random);
			if (this.store.notSent(email.serviceId(), this.worker, notSent.reason(), next, now())) {
				this.metrics.welcomeEmail(WorkerMetrics.WelcomeOutcome.NOT_SENT, 1);
				log.warn("Service {}: welcome e-mail not sent (attempt {}, next at {}): {}", email.serviceId(),
						email.attempts(), next, notSent.reason());
			}
		}
		else {
			String reason = ((WelcomeSender.Unknown) outcome).reason();
			this.store.outcomeUnknown(email.serviceId(), this.worker, reason, now());
			unknown(email.serviceId(), reason);
		}
	}

	private void unknown(long serviceId, String reason) {
		this.metrics.welcomeEmail(WorkerMetrics.WelcomeOutcome.UNKNOWN, 1);
		log.warn("Service {}: welcome e-mail may or may not have been sent, and is not sent again: {}", serviceId,
				reason);
		this.sender.tell("Easy Mail Archive: the welcome e-mail of service #" + serviceId
				+ " may not have been sent (WHMCS's answer was lost: " + reason
				+ "). It is not sent again by itself: check the client's e-mail history and send the template '"
				+ this.template + "' from the service's page if it is missing.");
	}

	private Instant now() {
		return this.clock.instant();
	}

}
