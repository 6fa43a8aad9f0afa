package io.emabridge.provisioning.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the ledger from growing forever: applied and stale events older than
 * {@code ema.ledger.retention} are deleted, in batches of short transactions, on a
 * schedule of its own.
 * <p>
 * Deleting such an event changes no decision: whether an event is newer is judged from
 * the service's row (desired, create and applied versions), which is never deleted, so a
 * pruned event delivered again is recorded as stale instead of as a duplicate, and has no
 * effect either way. Kept whatever their age: events not yet applied and dead-lettered
 * ones (a replay re-arms them); the events the service's row names (its newest, its
 * newest create, whose payload a tenant is made from, and its applied version); and every
 * event of a service that is not idle (pending, or parked after a dead letter), that has
 * dead letters still to publish, or that has a WHMCS notice open or not yet told.
 * <p>
 * Each batch walks the index of prunable events from where the last one stopped, so
 * events that are kept are looked at once per run, not once per batch. With several
 * instances each batch runs under a transaction-scoped advisory lock: an instance that
 * finds it taken ends its run and leaves the work to the one that holds it.
 */
public class LedgerRetention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LedgerRetention.class);

	/** The advisory lock of the pruning batches: one instance prunes at a time. */
	private static final String LOCK = "select pg_try_advisory_xact_lock(hashtext('ema.ledger.prune'))";

	private static final String BATCH = "with scanned as (select event_id, state_changed_at from lifecycle_event"
			+ " where state in ('applied', 'stale') and state_changed_at < :cutoff"
			+ " and (state_changed_at, event_id) > (:afterAt, :afterId)"
			+ " order by state_changed_at, event_id limit :batch),"
			+ " doomed as (select e.event_id from lifecycle_event e join scanned s on s.event_id = e.event_id"
			+ " join service v on v.service_id = e.service_id"
			+ " where e.state in ('applied', 'stale') and v.status = 'idle' and not v.dead_letters_unpublished"
			+ " and e.event_id is distinct from v.desired_event_id and e.event_id is distinct from v.create_event_id"
			+ " and e.event_id is distinct from v.applied_event_id"
			+ " and not exists (select 1 from dead_letter_outbox o where o.event_id = e.event_id)"
			+ " and not exists (select 1 from whmcs_notice n where n.service_id = e.service_id"
			+ " and (n.state = 'open' or n.due_at is not null))" + " for update of e skip locked),"
			+ " deleted as (delete from lifecycle_event e using doomed d where e.event_id = d.event_id returning 1)"
			+ " select (select count(*) from deleted) as pruned, (select count(*) from scanned) as scanned,"
			+ " (select max(state_changed_at) from scanned) as last_at,"
			+ " (select event_id from scanned order by state_changed_at desc, event_id desc limit 1) as last_id";

	/**
	 * The Module Log's copies of failures (the module reads them within minutes) older
	 * than the retention, oldest first.
	 */
	private static final String FAILURE_LOG_BATCH = "delete from failure_log where failure_id in"
			+ " (select failure_id from failure_log where created_at < :cutoff order by failure_id limit :batch)";

	private static final OffsetDateTime START_AT = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	private static final UUID START_ID = new UUID(0, 0);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LedgerProperties properties;

	private final Clock clock;

	private final Counter pruned;

	private ScheduledExecutorService scheduler;

	private boolean running;

	public LedgerRetention(JdbcClient jdbc, TransactionTemplate transactions, LedgerProperties properties,
			MeterRegistry registry, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.pruned = Counter.builder("ema.ledger.events.pruned")
			.description("Applied and stale events deleted from the ledger after ema.ledger.retention")
			.register(registry);
	}

	/**
	 * One run: batch after batch over the events older than the retention, until none is
	 * left to look at, another instance is pruning, or {@code max-per-run} were looked
	 * at.
	 * @return how many events were deleted
	 */
	public long prune(Instant now) {
		OffsetDateTime cutoff = now.minus(this.properties.retention()).atOffset(ZoneOffset.UTC);
		int batchSize = this.properties.prune().batchSize();
		OffsetDateTime afterAt = START_AT;
		UUID afterId = START_ID;
		long scanned = 0;
		long deleted = 0;
		while (scanned < this.properties.prune().maxPerRun()) {
			Batch batch = batch(cutoff, afterAt, afterId,
					(int) Math.min(batchSize, this.properties.prune().maxPerRun() - scanned));
			if (batch == null) {
				break;
			}
			deleted += batch.pruned();
			scanned += batch.scanned();
			this.pruned.increment(batch.pruned());
			if (batch.lastId() == null) {
				break;
			}
			afterAt = batch.lastAt();
			afterId = batch.lastId();
		}
		pruneFailureLog(cutoff, batchSize);
		return deleted;
	}

	/**
	 * Deletes the Module Log's copies of failures older than the retention, batch by
	 * batch, up to {@code max-per-run}.
	 * @return how many were deleted
	 */
	long pruneFailureLog(OffsetDateTime cutoff, int batchSize) {
		long deleted = 0;
		while (deleted < this.properties.prune().maxPerRun()) {
			Integer batch = this.transactions.execute((tx) -> {
				if (!Boolean.TRUE.equals(this.jdbc.sql(LOCK).query(Boolean.class).single())) {
					return 0;
				}
				return this.jdbc.sql(FAILURE_LOG_BATCH).param("cutoff", cutoff).param("batch", batchSize).update();
			});
			if (batch == null || batch == 0) {
				break;
			}
			deleted += batch;
		}
		return deleted;
	}

	/** One batch in a transaction of its own; null when another instance is pruning. */
	private Batch batch(OffsetDateTime cutoff, OffsetDateTime afterAt, UUID afterId, int limit) {
		return this.transactions.execute((tx) -> {
			if (!Boolean.TRUE.equals(this.jdbc.sql(LOCK).query(Boolean.class).single())) {
				return null;
			}
			return this.jdbc.sql(BATCH)
				.param("cutoff", cutoff)
				.param("afterAt", afterAt)
				.param("afterId", afterId)
				.param("batch", limit)
				.query((rs, n) -> new Batch(rs.getLong("pruned"), rs.getLong("scanned"),
						rs.getObject("last_at", OffsetDateTime.class), rs.getObject("last_id", UUID.class)))
				.single();
		});
	}

	private void runQuietly() {
		try {
			long deleted = prune(this.clock.instant());
			if (deleted > 0) {
				log.info("Pruned {} events applied more than {} ago from the ledger", deleted,
						this.properties.retention());
			}
		}
		catch (RuntimeException ex) {
			// the next run tries again; nothing depends on pruning being on time
			log.warn("Pruning the ledger failed: {}", ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		this.running = true;
		if (!this.properties.prune().enabled()) {
			log.info("Ledger pruning is off on this instance (ema.ledger.prune.enabled=false)");
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "ledger-prune");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.prune().interval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::runQuietly, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
		this.running = false;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	private record Batch(long pruned, long scanned, OffsetDateTime lastAt, UUID lastId) {
	}

}
