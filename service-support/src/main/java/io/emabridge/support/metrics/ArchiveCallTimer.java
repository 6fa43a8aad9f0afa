package io.emabridge.support.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.emabridge.model.archive.ArchiveApiException;

/**
 * Times every call to the Easy Mail Archive API as
 * {@code ema_archive_request_seconds{operation,status}}, the same way in every service: a
 * call that answered is {@value #SUCCESS}, one that failed is its HTTP status, one that
 * got no answer is {@value #NO_ANSWER}. One success label, so that the dashboard's status
 * panel and the alert's error ratio add the workers up instead of splitting them.
 */
public final class ArchiveCallTimer {

	/** The meter's name (Prometheus: {@code ema_archive_request_seconds}). */
	public static final String NAME = "ema.archive.request";

	/** The status of a call that answered. */
	public static final String SUCCESS = "2xx";

	/**
	 * The status of a call that got no answer (timeout, refused or dropped connection).
	 */
	public static final String NO_ANSWER = "none";

	private final MeterRegistry registry;

	/**
	 * Built once per operation and status: building a timer with a histogram and looking
	 * it up in the registry on every call cost more than the call's own bookkeeping.
	 */
	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	public ArchiveCallTimer(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Makes the call and times it under {@code operation}; what the call throws is thrown
	 * on unchanged.
	 */
	public <T> T timed(String operation, Supplier<T> call) {
		long start = System.nanoTime();
		String status = SUCCESS;
		try {
			return call.get();
		}
		catch (ArchiveApiException ex) {
			status = status(ex);
			throw ex;
		}
		finally {
			timer(operation, status).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	/** The status label of a failed call. */
	public static String status(ArchiveApiException failure) {
		return (failure.status() == ArchiveApiException.NO_STATUS) ? NO_ANSWER : Integer.toString(failure.status());
	}

	private Timer timer(String operation, String status) {
		return this.timers.computeIfAbsent(operation + ' ' + status,
				(key) -> Timer.builder(NAME)
					.description("Calls to the Easy Mail Archive API, by operation and HTTP status (" + SUCCESS
							+ " = answered, none = no answer)")
					.tag("operation", operation)
					.tag("status", status)
					.publishPercentileHistogram()
					.minimumExpectedValue(Duration.ofMillis(1))
					.maximumExpectedValue(Duration.ofSeconds(30))
					.register(this.registry));
	}

}
