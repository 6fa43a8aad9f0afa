package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a reseller key's rate among the instances that use the key, so that the
 * archive's quota is a budget for all of them together: three instances configured at
 * 50/s send 17, 17 and 16 calls a second, not 150.
 * <p>
 * Each instance says it is alive every interval, in a table every instance reads
 * ({@link Members}), and takes its part of the rate from the live instances it finds: the
 * rate divided by their number, the remainder going one call each to the first in name
 * order, so the parts add up to the rate exactly. An instance that stops leaves at once;
 * one that dies is forgotten after {@code expiry}, until when the others keep its part
 * unused (the safe side). When the table cannot be read the part stays as it was; before
 * the first look it is the whole rate, which the archive's 429s (and the limiter's
 * halving) bound if several instances start together.
 */
public final class QuotaShare {

	private static final Logger log = LoggerFactory.getLogger(QuotaShare.class);

	private final Members members;

	private final AdaptiveRateLimiter limiter;

	private final String key;

	private final String instance;

	private final Duration expiry;

	private volatile int live;

	private boolean failing;

	/**
	 * A share that has not looked at the members yet: the whole rate.
	 * @param key the reseller key's fingerprint: instances share the rate of one key
	 * @param instance this instance's unique name
	 * @param expiry how long an instance that stopped saying it is alive still counts
	 */
	public QuotaShare(Members members, AdaptiveRateLimiter limiter, String key, String instance, Duration expiry) {
		this.members = members;
		this.limiter = limiter;
		this.key = key;
		this.instance = instance;
		this.expiry = expiry;
	}

	/**
	 * Says this instance is alive and takes its part of the rate from the live instances.
	 */
	public synchronized void refresh() {
		List<String> alive;
		try {
			alive = this.members.alive(this.key, this.instance, this.expiry);
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				log.warn("Cannot tell how many instances share the archive rate; keeping {}/s: {}",
						this.limiter.ceiling(), ex.toString());
				this.failing = true;
			}
			return;
		}
		if (this.failing) {
			log.info("Instances sharing the archive rate known again");
			this.failing = false;
		}
		int count = Math.max(1, alive.size());
		int index = Math.max(0, alive.indexOf(this.instance));
		int part = part(this.limiter.configured(), count, index);
		if (part != this.limiter.ceiling() || count != this.live) {
			log.info("{} instance(s) share the archive rate of {}/s: this one sends up to {}/s", count,
					this.limiter.configured(), part);
		}
		this.live = count;
		this.limiter.share(part);
	}

	/** Leaves the table, so that the others take the part of this instance at once. */
	public void leave() {
		try {
			this.members.leave(this.key, this.instance);
		}
		catch (RuntimeException ex) {
			log.debug("Could not leave the archive rate share; the others take over after {}", this.expiry, ex);
		}
	}

	/** Instances found alive at the last look (0 before the first). */
	public int live() {
		return this.live;
	}

	/**
	 * The part of {@code rate} of the instance at {@code index} in name order among
	 * {@code count}.
	 */
	static int part(int rate, int count, int index) {
		return rate / count + ((index < rate % count) ? 1 : 0);
	}

	/** Where instances say they are alive. */
	public interface Members {

		/**
		 * Records {@code instance} as alive now and returns the names of the instances
		 * alive for {@code key} (seen within {@code expiry}), in name order, this one
		 * included.
		 */
		List<String> alive(String key, String instance, Duration expiry);

		void leave(String key, String instance);

	}

}
