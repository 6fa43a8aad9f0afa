package io.emabridge.provisioning.whmcs;

import java.util.function.Supplier;

import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.provisioning.failure.FailureClassifier;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/**
 * How the worker calls WHMCS, whatever for: every call timed by action and status, every
 * failure classified.
 */
public final class WhmcsCalls {

	private WhmcsCalls() {
	}

	/**
	 * Runs {@code call} as the WHMCS API action {@code action}.
	 * @throws ProvisioningFailure classified as retriable or permanent when WHMCS failed
	 * or refused
	 */
	public static <T> T timed(WorkerMetrics metrics, String action, Supplier<T> call) {
		long start = System.nanoTime();
		String status = "2xx";
		try {
			return call.get();
		}
		catch (WhmcsApiException ex) {
			status = (ex.status() == WhmcsApiException.NO_STATUS) ? "none"
					: (ex.status() == 200) ? "error" : Integer.toString(ex.status());
			throw FailureClassifier.classify(ex);
		}
		finally {
			metrics.whmcsRequest(action, status, System.nanoTime() - start);
		}
	}

}
