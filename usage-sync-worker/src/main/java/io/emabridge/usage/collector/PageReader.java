package io.emabridge.usage.collector;

import java.time.Duration;

import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;

/**
 * Reads from the archive with a few retries of transient failures (timeouts, 5xx, 429
 * honouring {@code Retry-After}), so that one hiccup does not cost a whole run; a failure
 * that persists, or cannot be fixed by retrying, fails the run.
 */
public final class PageReader {

	private final TenantSource source;

	private final int attempts;

	private final Duration initial;

	private final Duration max;

	private final Sleeper sleeper;

	public PageReader(TenantSource source, int attempts, Duration initial, Duration max, Sleeper sleeper) {
		this.source = source;
		this.attempts = attempts;
		this.initial = initial;
		this.max = max;
		this.sleeper = sleeper;
	}

	public TenantPage page(int page) {
		return withRetries(() -> this.source.page(page));
	}

	public TenantUsage usage(String slug) {
		return withRetries(() -> this.source.usage(slug));
	}

	private <T> T withRetries(java.util.function.Supplier<T> call) {
		Duration wait = this.initial;
		for (int attempt = 1;; attempt++) {
			try {
				return call.get();
			}
			catch (ArchiveApiException ex) {
				if (!ex.isRetriable() || attempt >= this.attempts) {
					throw ex;
				}
				Duration asked = ex.retryAfter().orElse(Duration.ZERO);
				Duration pause = (asked.compareTo(wait) > 0) ? asked : wait;
				this.sleeper.sleep((pause.compareTo(this.max) > 0) ? this.max : pause);
				wait = wait.multipliedBy(2);
			}
		}
	}

	/** Waits between attempts; tests pass one that does not. */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration);

		static Sleeper real() {
			return (duration) -> {
				try {
					Thread.sleep(duration.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting to retry the archive", ex);
				}
			};
		}

	}

}
