package io.emabridge.provisioning.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.provisioning.config.ArchiveProperties;

/**
 * A circuit breaker over every call to the archive, so that an archive that is down
 * pauses the work instead of turning every due service into a failed attempt (a retry
 * storm, and after the give-up period a dead-letter flood).
 * <p>
 * Only answers that say the archive is unwell count as failures: no answer (timeout,
 * refused or dropped connection), 408 and 5xx. A 429 is the rate limiter's business and
 * counts as nothing; every other answer (401, 404, 409, 422, ...) is an answer about one
 * request from an archive that works, and counts as a success.
 * <p>
 * While the circuit is not closed the applier claims no work ({@link #admitsWork}); once
 * the wait in the open state has passed, the applier's dispatcher probes the archive with
 * a cheap read (the permitted calls of the half-open state), and the circuit closes when
 * they succeed. Resilience4j keeps the state machine; this class adds the probe, the
 * listeners and a memory of how long the circuit was open.
 */
public final class ArchiveCircuit {

	private static final Logger log = LoggerFactory.getLogger(ArchiveCircuit.class);

	/**
	 * Open periods older than this are forgotten: longer than any sensible give-up
	 * period.
	 */
	private static final Duration MEMORY = Duration.ofDays(14);

	private final CircuitBreaker breaker;

	private final int probes;

	private final Clock clock;

	private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();

	/** Closed periods of "not closed", oldest first, as [start, end]. */
	private final Deque<Instant[]> openPeriods = new ArrayDeque<>();

	private Instant openSince;

	public ArchiveCircuit(ArchiveProperties.CircuitBreakerProperties settings, Clock clock) {
		this.clock = clock;
		this.probes = settings.permittedCallsInHalfOpen();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindow(settings.windowSize(), settings.minimumCalls(),
					(settings.windowType() == ArchiveProperties.WindowType.TIME)
							? CircuitBreakerConfig.SlidingWindowType.TIME_BASED
							: CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(settings.failureRateThreshold())
			.waitDurationInOpenState(settings.waitInOpen())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
			.recordException(ArchiveCircuit::isOutage)
			.ignoreException(ArchiveCircuit::isRateLimited)
			// no stack traces for "call not permitted": it is routine while open
			.writableStackTraceEnabled(false)
			.clock(clock)
			.build();
		this.breaker = CircuitBreaker.of("archive", config);
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			State to = State.of(event.getStateTransition().getToState());
			moved(State.of(event.getStateTransition().getFromState()), to);
		});
		if (!settings.enabled()) {
			this.breaker.transitionToDisabledState();
		}
	}

	/** The circuit's state as the worker reports it. */
	public enum State {

		CLOSED, OPEN, HALF_OPEN;

		/** The metric tag: {@code closed}, {@code open}, {@code half_open}. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

		static State of(CircuitBreaker.State state) {
			return switch (state) {
				case OPEN, FORCED_OPEN -> OPEN;
				case HALF_OPEN -> HALF_OPEN;
				default -> CLOSED; // disabled and metrics-only let every call through
			};
		}

	}

	/**
	 * Whether a failure says that the archive is unwell rather than answering one
	 * request.
	 */
	static boolean isOutage(Throwable thrown) {
		return thrown instanceof ArchiveApiException ex
				&& (ex.status() == ArchiveApiException.NO_STATUS || ex.status() == 408 || ex.status() >= 500);
	}

	private static boolean isRateLimited(Throwable thrown) {
		return thrown instanceof ArchiveApiException ex && ex.status() == 429;
	}

	public State state() {
		return State.of(this.breaker.getState());
	}

	/** Called on every change of state, on the thread that caused it. */
	public void onStateChange(Consumer<State> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Takes a permission for one call, or throws a {@link CallNotSent} failure while the
	 * circuit is open.
	 */
	void acquire() {
		if (!this.breaker.tryAcquirePermission()) {
			throw CallNotSent.failure(CallNotSent.Reason.CIRCUIT_OPEN,
					"Archive call not sent: the circuit is open after repeated failures", null);
		}
	}

	/** Gives back a permission whose call was not made after all. */
	void release() {
		this.breaker.releasePermission();
	}

	void succeeded(long nanos) {
		this.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
	}

	/** Records a failed call; whether it counts is decided by {@link #isOutage}. */
	void failed(long nanos, Throwable failure) {
		this.breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
	}

	/**
	 * Whether the applier may take archive work now: true while the circuit is closed.
	 * Otherwise, once the wait in the open state has passed, runs {@code probe} (which
	 * throws when the archive is still unwell) as the half-open state's trial calls, and
	 * answers whether that closed the circuit.
	 */
	public boolean admitsWork(Runnable probe) {
		for (int i = 0; i < this.probes && state() != State.CLOSED; i++) {
			if (!this.breaker.tryAcquirePermission()) {
				return false;
			}
			long start = System.nanoTime();
			try {
				probe.run();
				this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
				if (isOutage(ex) && state() == State.HALF_OPEN) {
					// one failed probe is answer enough: wait again rather than spend the
					// other probes on it
					this.breaker.transitionToOpenState();
				}
				log.info("Archive probe failed, the circuit stays {}: {}", state().tag(), ex.getMessage());
				return false;
			}
		}
		return state() == State.CLOSED;
	}

	/**
	 * How much of the time from {@code since} until now the circuit was not closed: that
	 * time does not count toward giving up on a service.
	 */
	public synchronized Duration openTimeSince(Instant since) {
		Instant now = this.clock.instant();
		Duration total = Duration.ZERO;
		for (Instant[] period : this.openPeriods) {
			total = total.plus(overlap(period[0], period[1], since));
		}
		if (this.openSince != null) {
			total = total.plus(overlap(this.openSince, now, since));
		}
		return total;
	}

	private static Duration overlap(Instant start, Instant end, Instant since) {
		Instant from = start.isAfter(since) ? start : since;
		return end.isAfter(from) ? Duration.between(from, end) : Duration.ZERO;
	}

	private void moved(State from, State to) {
		synchronized (this) {
			Instant now = this.clock.instant();
			if (to != State.CLOSED && this.openSince == null) {
				this.openSince = now;
			}
			else if (to == State.CLOSED && this.openSince != null) {
				this.openPeriods.addLast(new Instant[] { this.openSince, now });
				this.openSince = null;
				while (!this.openPeriods.isEmpty() && this.openPeriods.peekFirst()[1].isBefore(now.minus(MEMORY))) {
					this.openPeriods.removeFirst();
				}
			}
		}
		if (from == to) {
			return;
		}
		if (to == State.OPEN && from == State.CLOSED) {
			log.warn(
					"Archive circuit opened: the archive API keeps failing; work and consumers pause, probing after {} ms",
					this.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
		}
		else if (to == State.CLOSED) {
			log.warn("Archive circuit closed: the archive API answers again; work and consumers resume");
		}
		else {
			log.info("Archive circuit {} -> {}", from.tag(), to.tag());
		}
		for (Consumer<State> listener : this.listeners) {
			listener.accept(to);
		}
	}

}
