package io.emabridge.provisioning.failure;

import java.util.Optional;

import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.whmcs.WhmcsApiException;

/**
 * The one place that decides which failures are retried and which go to the dead-letter
 * topic at once. The Kafka error handler and the applier both ask here.
 */
public final class FailureClassifier {

	private FailureClassifier() {
	}

	/**
	 * An archive failure as the worker treats it: the client's own contract for what is
	 * retriable (no answer, 408, 429, 5xx), and for the rest the reason it is
	 * dead-lettered with.
	 */
	public static ProvisioningFailure classify(ArchiveApiException ex) {
		if (ex.isRetriable()) {
			return ProvisioningFailure.retriable(ex.getMessage(), ex.retryAfter().orElse(null), ex);
		}
		if (ex.isUnauthorized()) {
			return ProvisioningFailure.permanent(DeadLetterReason.ARCHIVE_UNAUTHORIZED, ex.getMessage(), ex);
		}
		if (ex.isNotFound()) {
			return ProvisioningFailure.permanent(DeadLetterReason.TENANT_NOT_FOUND, ex.getMessage(), ex);
		}
		return ProvisioningFailure.permanent(DeadLetterReason.ARCHIVE_REJECTED, ex.getMessage(), ex);
	}

	/**
	 * A WHMCS failure. WHMCS write-backs are never dead-lettered; a permanent failure
	 * only means the write-back waits for the longest back-off, since an administrator
	 * has to fix credentials or the service first.
	 */
	public static ProvisioningFailure classify(WhmcsApiException ex) {
		return ex.isRetriable() ? ProvisioningFailure.retriable(ex.getMessage(), null, ex)
				: ProvisioningFailure.permanent(DeadLetterReason.WHMCS_REJECTED, ex.getMessage(), ex);
	}

	/** The provisioning failure anywhere in the cause chain, as frameworks wrap it. */
	public static Optional<ProvisioningFailure> find(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof ProvisioningFailure failure) {
				return Optional.of(failure);
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether retrying what threw this cannot help. Anything that is not a provisioning
	 * failure is retried.
	 */
	public static boolean isPermanent(Throwable thrown) {
		return find(thrown).map((failure) -> !failure.isRetriable()).orElse(false);
	}

}
