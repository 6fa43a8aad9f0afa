package io.emabridge.provisioning.applier;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.emabridge.provisioning.decisions.ServiceDriver;
import io.emabridge.provisioning.ledger.ClaimScope;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.support.schedule.ExecutorStop;

/**
 * Runs the {@link ServiceDriver} on a pool of threads: a dispatcher claims due services
 * from the ledger, as many as there are free threads, and hands each to one of them. One
 * slow or failing service holds one thread at most, and only for one archive call;
 * everything else keeps flowing.
 * <p>
 * The dispatcher is woken by the listener after each recorded batch, and otherwise looks
 * every poll interval, which picks up retries coming due and work recorded by another
 * instance.
 * <p>
 * While a reseller account is unavailable (its circuit breaker is open, its key refused)
 * the dispatcher claims none of its services: their work stays in the ledger with its
 * schedule, the other accounts' work flows, and each look at the account's availability
 * may probe it.
 */
public final class ApplierLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ApplierLoop.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final Ledger ledger;

	private final ServiceDriver driver;

	private final String worker;

	private final int concurrency;

	private final Duration pollInterval;

	private final Clock clock;

	private final Supplier<ClaimScope> claimable;

	/**
	 * How many threads must be free before a finished service wakes the dispatcher to
	 * claim more.
	 */
	private final int claimBatch;

	private final Object signal = new Object();

	private final AtomicInteger inFlight = new AtomicInteger();

	private boolean woken;

	private volatile boolean running;

	private volatile boolean backlog;

	private Semaphore slots;

	private ExecutorService threads;

	private Thread dispatcher;

	/**
	 * A loop that is not running yet: it runs from its lifecycle's start to its stop.
	 * @param claimable which services may be claimed now: those of the reseller accounts
	 * whose circuit is not open and whose key is not refused; null for none (asking may
	 * probe an account)
	 */
	public ApplierLoop(Ledger ledger, ServiceDriver driver, String worker, int concurrency, Duration pollInterval,
			Clock clock, Supplier<ClaimScope> claimable) {
		this.ledger = ledger;
		this.driver = driver;
		this.worker = worker;
		this.concurrency = concurrency;
		this.pollInterval = pollInterval;
		this.clock = clock;
		this.claimable = claimable;
		this.claimBatch = Math.max(1, concurrency / 8);
	}

	/** Makes the dispatcher look for due work now. */
	public void wake() {
		synchronized (this.signal) {
			this.woken = true;
			this.signal.notifyAll();
		}
	}

	/** Services being driven right now. */
	public int inFlight() {
		return this.inFlight.get();
	}

	@Override
	public void start() {
		AtomicInteger counter = new AtomicInteger();
		this.slots = new Semaphore(this.concurrency);
		this.threads = Executors.newFixedThreadPool(this.concurrency, (runnable) -> {
			Thread thread = new Thread(runnable, "applier-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.dispatcher = new Thread(this::dispatch, "applier-dispatcher");
		this.dispatcher.setDaemon(true);
		this.dispatcher.start();
		log.info("Applier {} started with {} threads", this.worker, this.concurrency);
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		try {
			this.dispatcher.join(STOP_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		ExecutorStop.within(this.threads, STOP_TIMEOUT);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the listener containers (which stop at a lower phase value later, start
	 * earlier).
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	private void dispatch() {
		while (this.running) {
			try {
				int free = this.slots.availablePermits();
				ClaimScope scope = (free > 0) ? this.claimable.get() : null;
				if (free > 0 && scope == null) {
					this.backlog = false;
					await();
					continue;
				}
				if (free > 0) {
					List<ServiceRecord> claimed = this.ledger.claimDue(this.worker, free, this.clock.instant(), scope);
					this.backlog = claimed.size() == free;
					for (ServiceRecord service : claimed) {
						this.slots.acquireUninterruptibly();
						this.inFlight.incrementAndGet();
						this.threads.execute(() -> drive(service));
					}
					if (this.backlog) {
						continue;
					}
				}
				await();
			}
			catch (RuntimeException ex) {
				log.warn("Applier could not claim work, trying again in {}: {}", this.pollInterval, ex.toString());
				await();
			}
		}
	}

	private void drive(ServiceRecord service) {
		try {
			this.driver.drive(service);
		}
		catch (RuntimeException ex) {
			// the driver records its own failures with back-off; this is the last
			// resort: the claim stays until its lease runs out, which bounds the retry
			log.warn("Service {}: applying failed unexpectedly: {}", service.serviceId(), ex.toString(), ex);
		}
		finally {
			this.inFlight.decrementAndGet();
			this.slots.release();
			// claim in small batches rather than one service per finished one: fewer
			// queries for the same work
			if (this.backlog && this.slots.availablePermits() >= this.claimBatch) {
				wake();
			}
		}
	}

	private void await() {
		synchronized (this.signal) {
			if (!this.woken && this.running) {
				try {
					this.signal.wait(Math.max(1, this.pollInterval.toMillis()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
			}
			this.woken = false;
		}
	}

}
