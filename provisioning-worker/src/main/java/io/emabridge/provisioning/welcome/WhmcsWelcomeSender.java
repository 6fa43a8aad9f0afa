package io.emabridge.provisioning.welcome;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.provisioning.whmcs.WhmcsCalls;

/**
 * {@code SendEmail} over the WHMCS API, and what its failures say about whether the
 * e-mail went out.
 */
final class WhmcsWelcomeSender implements WelcomeSender {

	private static final Logger log = LoggerFactory.getLogger(WhmcsWelcomeSender.class);

	private static final String SEND = "SendEmail";

	/**
	 * Statuses of answers given before WHMCS ran the action: credentials or IP refused,
	 * wrong path or method, rate limited, unavailable. Other 5xx (a PHP error, a proxy's
	 * 502 or 504) may come after the e-mail went out.
	 */
	private static final Set<Integer> REFUSED_BEFORE_RUNNING = Set.of(401, 403, 404, 405, 429, 503);

	private final WhmcsApiClient api;

	private final WorkerMetrics metrics;

	WhmcsWelcomeSender(WhmcsApiClient api, WorkerMetrics metrics) {
		this.api = api;
		this.metrics = metrics;
	}

	@Override
	public Outcome send(String template, long serviceId, String slug, String url) {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("archive_url", url);
		variables.put("archive_slug", slug);
		try {
			WhmcsCalls.timed(this.metrics, SEND, () -> {
				this.api.sendEmail(template, serviceId, variables);
				return null;
			});
			return new Sent();
		}
		catch (RuntimeException ex) {
			WhmcsApiException failure = whmcsFailure(ex);
			if (failure == null) {
				// not a WHMCS failure: the call may have gone out
				return new Unknown(ex.toString());
			}
			if (failure.isRefusal() || failure.neverSent() || REFUSED_BEFORE_RUNNING.contains(failure.status())) {
				return new NotSent(failure.getMessage());
			}
			return new Unknown(failure.getMessage());
		}
	}

	@Override
	public void tell(String line) {
		try {
			WhmcsCalls.timed(this.metrics, "LogActivity", () -> {
				this.api.logActivity(line, null);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Could not write to WHMCS's Activity Log: {}", ex.getMessage());
		}
	}

	private static WhmcsApiException whmcsFailure(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof WhmcsApiException failure) {
				return failure;
			}
		}
		return null;
	}

}
