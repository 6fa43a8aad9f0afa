package io.emabridge.usage.collector;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.support.jdbc.AdvisoryLock;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.metrics.UsageMetrics.RunOutcome;

/**
 * Starts collection runs, from the schedule or the admin endpoint: only when this
 * instance wins the collector lock, and then on a thread of its own that holds the lock
 * until the run ends.
 */
public class CollectorService implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CollectorService.class);

	private final AdvisoryLock lock;

	private final CollectionRuns runs;

	private final UsageCollector collector;

	private final UsageMetrics metrics;

	private final String instanceId;

	private final AtomicBoolean running = new AtomicBoolean();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "usage-collector");
		thread.setDaemon(true);
		return thread;
	});

	public CollectorService(AdvisoryLock lock, CollectionRuns runs, UsageCollector collector, UsageMetrics metrics,
			String instanceId) {
		this.lock = lock;
		this.runs = runs;
		this.collector = collector;
		this.metrics = metrics;
		this.instanceId = instanceId;
	}

	/**
	 * Starts a run in the background if no run is going on anywhere.
	 * @param trigger {@code schedule} or {@code admin}, recorded with the run
	 * @return the run, or empty when another run (here or on another instance) holds the
	 * collector lock
	 */
	public Optional<StartedRun> trigger(String trigger) {
		if (!this.running.compareAndSet(false, true)) {
			this.metrics.run(RunOutcome.SKIPPED, 0);
			return Optional.empty();
		}
		try {
			Optional<AdvisoryLock.Held> held = this.lock.tryAcquire();
			if (held.isEmpty()) {
				this.running.set(false);
				this.metrics.run(RunOutcome.SKIPPED, 0);
				log.info("Usage collection ({}) skipped: another instance is collecting", trigger);
				return Optional.empty();
			}
			long runId;
			try {
				runId = this.runs.start(this.instanceId, trigger);
			}
			catch (RuntimeException ex) {
				held.get().close();
				throw ex;
			}
			Future<?> done = this.executor.submit(() -> run(runId, trigger, held.get()));
			return Optional.of(new StartedRun(runId, done));
		}
		catch (RuntimeException ex) {
			this.running.set(false);
			throw ex;
		}
	}

	/** Whether this instance is collecting right now. */
	public boolean isRunning() {
		return this.running.get();
	}

	private void run(long runId, String trigger, AdvisoryLock.Held held) {
		long start = System.nanoTime();
		try (held) {
			log.info("Usage collection run {} ({}) started", runId, trigger);
			CollectionResult result = this.collector.collect(new RunClaim(runId, held::isHeldAsSeenFrom));
			reportAccounts(runId, result);
			if (!result.failed().isEmpty()) {
				// the run counts as failed, so that the staleness alert sees the tenants
				// not
				// collected; the other accounts' usage was recorded all the same
				throw new AccountsFailedException(result);
			}
			if (this.runs.succeeded(runId)) {
				this.metrics.run(RunOutcome.SUCCEEDED, System.nanoTime() - start);
				log.info("Usage collection run {} done: {} pages, {} tenants, {} changed, {} resent, {} unchanged",
						runId, result.pages(), result.tenants(), result.changed(), result.resent(), result.unchanged());
			}
			else {
				this.metrics.run(RunOutcome.ABANDONED, System.nanoTime() - start);
				log.warn("Usage collection run {} went through every page, but another instance had marked it"
						+ " abandoned meanwhile: not counted as a success", runId);
			}
		}
		catch (RuntimeException ex) {
			ended(runId, ex, start);
		}
		finally {
			this.running.set(false);
		}
	}

	/**
	 * Each account's part: logged, counted per account and recorded, so that a failing
	 * account (a revoked key, an archive that does not answer) is seen on its own.
	 */
	private void reportAccounts(long runId, CollectionResult result) {
		for (CollectionResult.AccountOutcome account : result.accounts()) {
			this.metrics.accountCollected(account.account(), account.key(), account.succeeded());
			if (!account.succeeded()) {
				log.warn(
						"Usage collection run {}: archive account {} (key {}) failed after {} tenants, the other"
								+ " accounts are collected all the same: {}",
						runId, account.account(), account.key(), account.tenants(), account.error());
			}
		}
		try {
			this.runs.recordAccounts(runId, result.accounts());
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the accounts of run {}: {}", runId, ex.toString());
		}
	}

	private void ended(long runId, RuntimeException ex, long start) {
		boolean marked;
		try {
			marked = this.runs.failed(runId, ex.getMessage());
		}
		catch (RuntimeException recordFailure) {
			// the next lock holder will mark it abandoned
			log.warn("Could not record the failure of run {}: {}", runId, recordFailure.toString());
			marked = true;
		}
		if (marked) {
			this.metrics.run(RunOutcome.FAILED, System.nanoTime() - start);
			log.warn("Usage collection run {} failed: {}", runId, ex.toString());
		}
		else {
			this.metrics.run(RunOutcome.ABANDONED, System.nanoTime() - start);
			log.warn("Usage collection run {} stopped, another instance having marked it abandoned: {}", runId,
					ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Some accounts could not be collected: the run's error names them. */
	private static final class AccountsFailedException extends RuntimeException {

		AccountsFailedException(CollectionResult result) {
			super(message(result), null, false, false);
		}

		private static String message(CollectionResult result) {
			if (result.accounts().size() == 1) {
				// one account: the archive's failure, as ever
				return result.failed().get(0).error();
			}
			StringBuilder message = new StringBuilder();
			message.append(result.failed().size())
				.append(" of ")
				.append(result.accounts().size())
				.append(" archive accounts failed (the others' usage was collected: ")
				.append(result.tenants())
				.append(" tenants)");
			for (CollectionResult.AccountOutcome account : result.failed()) {
				message.append("; account ")
					.append(account.account())
					.append(" (key ")
					.append(account.key())
					.append("): ")
					.append(account.error());
			}
			return message.toString();
		}

	}

	/** A run that was started, and its completion. */
	public record StartedRun(long runId, Future<?> done) {
	}

}
