package io.emabridge.sandbox.support;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.emabridge.sandbox.Faults;

/**
 * Decides, request by request, which fault (if any) to inject. Reproducible with a seed.
 */
final class FaultInjector {

	enum Kind {

		NONE(null), DOWN("down"), RATE_LIMITED("rate-limit"), DROP("drop"), ERROR("error");

		final String tag;

		Kind(String tag) {
			this.tag = tag;
		}

	}

	private final Random random;

	private final AtomicInteger burstRemaining = new AtomicInteger();

	private volatile Faults faults = Faults.none();

	FaultInjector(Long seed) {
		this.random = (seed != null) ? new Random(seed) : new Random();
	}

	void set(Faults newFaults) {
		synchronized (this.random) {
			if (newFaults.seed() != null) {
				this.random.setSeed(newFaults.seed());
			}
			this.burstRemaining.set(newFaults.rateLimitBurst());
			this.faults = newFaults;
		}
	}

	Faults current() {
		return this.faults;
	}

	int rateLimitRemaining() {
		return this.burstRemaining.get();
	}

	Kind decide(Faults active) {
		if (active.down()) {
			return Kind.DOWN;
		}
		if (this.burstRemaining.get() > 0 && this.burstRemaining.getAndUpdate((n) -> (n > 0) ? n - 1 : 0) > 0) {
			return Kind.RATE_LIMITED;
		}
		if (active.dropConnectionRate() > 0 && roll() < active.dropConnectionRate()) {
			return Kind.DROP;
		}
		if (active.errorRate() > 0 && roll() < active.errorRate()) {
			return Kind.ERROR;
		}
		return Kind.NONE;
	}

	private double roll() {
		synchronized (this.random) {
			return this.random.nextDouble();
		}
	}

}
