package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * The request rate of one reseller API key, slowed down by the archive's 429s and raised
 * again by successes (additive increase, multiplicative decrease):
 * <ul>
 * <li>a 429 halves the rate (at most once a second, however many calls got one together;
 * never below 1/s), empties the current second's permits and holds every call off for the
 * answer's {@code Retry-After} (1 s without one);</li>
 * <li>while below its ceiling, a success raises it by a tenth of the ceiling, at most
 * once a second.</li>
 * </ul>
 * The ceiling is the configured rate, or this instance's part of it when instances share
 * the key ({@link QuotaShare}). A call waits for its permit at most {@code maxWait}, so
 * that a thread never holds a service's ledger lease past its expiry; beyond that the
 * call is not sent ({@link CallNotSent}) and the service is taken up again later without
 * counting an attempt. Resilience4j's {@link RateLimiter} hands out the permits
 * (refreshed every second).
 */
public final class AdaptiveRateLimiter {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final int configured;

	/**
	 * This instance's part of the configured rate ({@link #share(int)}): the most it
	 * sends at.
	 */
	private volatile int ceiling;

	private volatile int step;

	private final long maxWait;

	private final LongSupplier nanoTime;

	private final Sleeper sleeper;

	private final RateLimiter limiter;

	private volatile int rate;

	private volatile long holdUntil;

	/** How far into a second of the wall clock the limiter was made, in nanoseconds. */
	private volatile long secondShift;

	private long lastChange;

	/**
	 * A limiter that starts at the configured rate, its seconds counted from now.
	 * @param requestsPerSecond the configured rate; zero or less switches limiting off
	 * @param maxWait the longest a call waits for its permit
	 * @param nanoTime the time source ({@link System#nanoTime()} outside tests)
	 */
	public AdaptiveRateLimiter(String name, int requestsPerSecond, Duration maxWait, LongSupplier nanoTime,
			Sleeper sleeper) {
		this(name, requestsPerSecond, maxWait, nanoTime, sleeper, null);
	}

	/**
	 * A limiter that starts at the configured rate and hands out each second's permits at
	 * the start of a second of {@code wallClockMillis}, as an API counts its quota per
	 * second of the clock: instances that share a key, each within its part in every
	 * clock second, then never send more than the rate in one second between them (with
	 * seconds of their own, one instance's burst late in its second and another's early
	 * in the next could fall in the same second of the archive).
	 * @param wallClockMillis the clock whose seconds permits follow; null counts seconds
	 * from now
	 */
	public AdaptiveRateLimiter(String name, int requestsPerSecond, Duration maxWait, LongSupplier nanoTime,
			Sleeper sleeper, LongSupplier wallClockMillis) {
		this.configured = requestsPerSecond;
		this.ceiling = requestsPerSecond;
		this.step = Math.max(1, requestsPerSecond / 10);
		this.maxWait = maxWait.toNanos();
		this.nanoTime = nanoTime;
		this.sleeper = sleeper;
		this.rate = requestsPerSecond;
		long now = nanoTime.getAsLong();
		this.holdUntil = now;
		this.lastChange = now - SECOND;
		// the limiter's seconds start when it is made; shifting its time by how far into
		// a second of the wall clock that is makes them start with the wall clock's
		this.limiter = (requestsPerSecond <= 0) ? null
				: RateLimiter.of(name,
						RateLimiterConfig.custom()
							.limitForPeriod(requestsPerSecond)
							.limitRefreshPeriod(Duration.ofSeconds(1))
							.timeoutDuration(maxWait)
							.writableStackTraceEnabled(false)
							.build(),
						() -> nanoTime.getAsLong() + this.secondShift);
		if (wallClockMillis != null) {
			this.secondShift = Math.floorMod(wallClockMillis.getAsLong(), 1000L) * 1_000_000L;
		}
	}

	/**
	 * The rate calls are sent at now, in requests per second; zero when limiting is off.
	 */
	public int rate() {
		return (this.limiter != null) ? this.rate : 0;
	}

	/** The rate configured for the key, for every instance together. */
	public int configured() {
		return this.configured;
	}

	/**
	 * This instance's part of the key's rate now: the most it sends at (0 when limiting
	 * is off).
	 */
	public int ceiling() {
		return (this.limiter != null) ? this.ceiling : 0;
	}

	/**
	 * Sets this instance's part of the key's rate (the instances sharing the key split
	 * the configured rate). A smaller part applies at once; a larger one is reached step
	 * by step, as after a 429.
	 */
	public synchronized void share(int requestsPerSecond) {
		if (this.limiter == null) {
			return;
		}
		int part = Math.max(1, Math.min(this.configured, requestsPerSecond));
		this.ceiling = part;
		this.step = Math.max(1, part / 10);
		if (this.rate > part) {
			change(part, this.nanoTime.getAsLong());
		}
	}

	/**
	 * Waits for a permit to send one call.
	 * @throws io.emabridge.provisioning.failure.ProvisioningFailure with a
	 * {@link CallNotSent} cause when no permit comes within the longest wait
	 */
	void acquire() {
		if (this.limiter == null) {
			return;
		}
		long hold = this.holdUntil - this.nanoTime.getAsLong();
		if (hold > this.maxWait) {
			throw CallNotSent.failure(CallNotSent.Reason.NO_PERMIT,
					"Archive call not sent: the archive asked to wait (429 Retry-After)", Duration.ofNanos(hold));
		}
		long wait = this.limiter.reservePermission();
		if (wait < 0) {
			throw CallNotSent.failure(CallNotSent.Reason.NO_PERMIT,
					"Archive call not sent: no rate-limit permit within " + Duration.ofNanos(this.maxWait), null);
		}
		long pause = Math.max(hold, wait);
		if (pause > 0) {
			try {
				this.sleeper.sleep(Duration.ofNanos(pause));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw CallNotSent.failure(CallNotSent.Reason.NO_PERMIT, "Archive call not sent: interrupted", null);
			}
		}
	}

	/**
	 * The archive answered 429: slow down, and hold every call off for
	 * {@code retryAfter}.
	 */
	synchronized void rateLimited(Duration retryAfter) {
		if (this.limiter == null) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		long hold = now + ((retryAfter != null) ? retryAfter.toNanos() : SECOND);
		this.holdUntil = Math.max(this.holdUntil, hold);
		// the calls in flight together all get their 429: one halving for all of them
		if (now - this.lastChange >= SECOND) {
			change(Math.max(1, this.rate / 2), now);
		}
		this.limiter.drainPermissions();
	}

	/**
	 * A call got an answer that was not a 429: speed up again towards this instance's
	 * part of the configured rate.
	 */
	void succeeded() {
		if (this.limiter == null || this.rate >= this.ceiling) {
			return;
		}
		synchronized (this) {
			long now = this.nanoTime.getAsLong();
			if (this.rate < this.ceiling && now - this.lastChange >= SECOND) {
				change(Math.min(this.ceiling, this.rate + this.step), now);
			}
		}
	}

	private void change(int newRate, long now) {
		this.rate = newRate;
		this.lastChange = now;
		this.limiter.changeLimitForPeriod(newRate);
	}

	/** Waits, in the calling thread, for as long as a pause needs. */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

}
