package io.emabridge.provisioning.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a refused API key from a refused request. A 401 or 403 on one call says little by
 * itself; the archive is asked with a cheap read whether it still takes the key. If it
 * does not, the key was rotated or revoked: a fault of the whole installation, one
 * operator problem. Every service then waits (calls are not sent, nothing is
 * dead-lettered, the time does not count toward giving up) while a probe every
 * {@code probeInterval} finds out when the key works again. If the read succeeds, the
 * refusal was about that one request and that service alone is dead-lettered.
 * <p>
 * Concurrent refusals share one probe: the first caller asks, the others take its answer.
 */
public final class KeyCheck {

	private static final Logger log = LoggerFactory.getLogger(KeyCheck.class);

	private static final Duration MEMORY = Duration.ofDays(14);

	private final boolean enabled;

	private final Duration probeInterval;

	private final Clock clock;

	private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

	/** Periods the key was refused, oldest first, as [start, end]. */
	private final Deque<Instant[]> refusedPeriods = new ArrayDeque<>();

	private volatile Instant refusedSince;

	private Instant nextProbe;

	/** What the logs call the key: which account's it is. */
	private final String keyName;

	public KeyCheck(boolean enabled, Duration probeInterval, Clock clock) {
		this(enabled, probeInterval, clock, "the reseller API key");
	}

	/**
	 * A check of one account's key.
	 * @param keyName the key in log lines, e.g. "the reseller API key of server 2"
	 */
	public KeyCheck(boolean enabled, Duration probeInterval, Clock clock, String keyName) {
		this.enabled = enabled;
		this.probeInterval = probeInterval;
		this.clock = clock;
		this.keyName = keyName;
	}

	/** Whether the key is known to be refused right now. */
	public boolean refused() {
		return this.refusedSince != null;
	}

	/**
	 * Called with {@code true} when the key becomes refused, {@code false} when it works
	 * again.
	 */
	public void onChange(Consumer<Boolean> listener) {
		this.listeners.add(listener);
	}

	/**
	 * A call was answered 401 or 403: whether that is the key's fault. Probes the key
	 * unless it is already known to be refused.
	 */
	public Probe afterRefusal(java.util.function.Supplier<Probe> probe) {
		if (!this.enabled) {
			return Probe.ACCEPTED;
		}
		boolean changed = false;
		Probe result;
		synchronized (this) {
			if (this.refusedSince != null) {
				return Probe.REFUSED;
			}
			result = probe.get();
			if (result == Probe.REFUSED) {
				Instant now = this.clock.instant();
				this.refusedSince = now;
				this.nextProbe = now.plus(this.probeInterval);
				changed = true;
			}
		}
		if (changed) {
			log.error(
					"The archive refuses {} for every call: provisioning pauses for all its services"
							+ " (nothing is dead-lettered) until the key works again; probing every {}",
					this.keyName, this.probeInterval);
			this.listeners.forEach((listener) -> listener.accept(true));
		}
		return result;
	}

	/**
	 * Whether work may be taken: true unless the key is refused. While it is, once the
	 * probe interval has passed, runs {@code probe} and answers whether the key works
	 * again.
	 */
	public boolean admitsWork(java.util.function.Supplier<Probe> probe) {
		if (this.refusedSince == null) {
			return true;
		}
		boolean accepted;
		synchronized (this) {
			Instant now = this.clock.instant();
			if (this.refusedSince == null) {
				return true;
			}
			if (now.isBefore(this.nextProbe)) {
				return false;
			}
			this.nextProbe = now.plus(this.probeInterval);
			accepted = probe.get() == Probe.ACCEPTED;
			if (accepted) {
				this.refusedPeriods.addLast(new Instant[] { this.refusedSince, now });
				this.refusedSince = null;
				while (!this.refusedPeriods.isEmpty()
						&& this.refusedPeriods.peekFirst()[1].isBefore(now.minus(MEMORY))) {
					this.refusedPeriods.removeFirst();
				}
			}
		}
		if (accepted) {
			log.warn("The archive takes {} again: provisioning resumes", this.keyName);
			this.listeners.forEach((listener) -> listener.accept(false));
		}
		else {
			log.info("The archive still refuses {}; next probe in {}", this.keyName, this.probeInterval);
		}
		return accepted;
	}

	/**
	 * How much of the time from {@code since} until now the key was refused: that time
	 * does not count toward giving up on a service.
	 */
	public synchronized Duration refusedTimeSince(Instant since) {
		Instant now = this.clock.instant();
		Duration total = Duration.ZERO;
		for (Instant[] period : this.refusedPeriods) {
			total = total.plus(overlap(period[0], period[1], since));
		}
		if (this.refusedSince != null) {
			total = total.plus(overlap(this.refusedSince, now, since));
		}
		return total;
	}

	private static Duration overlap(Instant start, Instant end, Instant since) {
		Instant from = start.isAfter(since) ? start : since;
		return end.isAfter(from) ? Duration.between(from, end) : Duration.ZERO;
	}

	/** What a probe of the key found. */
	public enum Probe {

		/** The archive answered the read: it takes the key. */
		ACCEPTED,
		/** 401 or 403 on the read as well: the key itself is refused. */
		REFUSED,
		/** No usable answer (timeout, 5xx): nothing can be said about the key. */
		UNKNOWN

	}

}
