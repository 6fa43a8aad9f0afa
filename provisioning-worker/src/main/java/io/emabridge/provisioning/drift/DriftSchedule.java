package io.emabridge.provisioning.drift;

import java.time.ZoneOffset;
import java.util.TimeZone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the reconciler on {@code ema.reconcile.schedule}, on a thread of its own.
 * Deliberately not a {@code TaskScheduler} bean: one would replace the scheduler Boot
 * configures for everything else.
 */
class DriftSchedule implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

	/** {@code "-"} as the schedule, or {@code enabled=false}: runs on demand only. */
	static final String NONE = "-";

	private final DriftReconciler reconciler;

	private final CronTrigger trigger;

	private final boolean fix;

	private ThreadPoolTaskScheduler scheduler;

	private boolean started;

	DriftSchedule(DriftReconciler reconciler, ReconcileProperties properties) {
		this.reconciler = reconciler;
		boolean scheduled = properties.enabled() && !NONE.equals(properties.schedule().strip());
		this.trigger = scheduled ? trigger(properties.schedule().strip()) : null;
		this.fix = properties.fix();
	}

	/**
	 * The trigger of a cron expression, in UTC; a bad one stops start-up with a message
	 * that names the property.
	 */
	static CronTrigger trigger(String cron) {
		try {
			return new CronTrigger(cron, TimeZone.getTimeZone(ZoneOffset.UTC));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("ema.reconcile.schedule '" + cron + "' is not a cron expression of six"
					+ " fields (second minute hour day month weekday), nor '-' for no schedule: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public synchronized void start() {
		this.started = true;
		if (this.trigger == null) {
			log.info("Drift reconciliation runs on demand only (POST /admin/reconcile)");
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("drift-");
		scheduler.setDaemon(true);
		scheduler.setWaitForTasksToCompleteOnShutdown(false);
		scheduler.initialize();
		scheduler.schedule(this::runQuietly, this.trigger);
		this.scheduler = scheduler;
		log.info("Drift reconciliation scheduled at '{}' UTC, fix {}", this.trigger.getExpression(),
				this.fix ? "on" : "off");
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdown();
			this.scheduler = null;
		}
		this.started = false;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.started;
	}

	private void runQuietly() {
		try {
			this.reconciler.run(this.fix);
		}
		catch (RuntimeException ex) {
			// the next run comes anyway; the outcome counter already says this one failed
			log.warn("Scheduled reconciliation failed: {}", ex.toString());
		}
	}

}
