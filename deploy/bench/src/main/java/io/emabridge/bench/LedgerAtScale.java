package io.emabridge.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.provisioning.decisions.EventRecorder;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.JdbcLedger;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.LedgerProperties;
import io.emabridge.provisioning.ledger.LedgerRetention;
import io.emabridge.provisioning.ledger.ServiceRecord;
import io.emabridge.provisioning.ledger.ServiceStatus;

/**
 * Whether a ledger that has grown large still records and claims as fast as an empty one:
 * the worker's own ledger code ({@code JdbcLedger} with the listener's decisions, in this
 * JVM) on a database migrated by the worker's migrations and loaded with
 * {@code --ledger-rows} applied events (ten per service, spread over 60 days), against
 * the same code on an empty database in the same run. The work is the same on both:
 * rounds of one listener batch of 100 events (50 creates of new services, 50 suspends of
 * the services created the round before), then the applier's claims of 64 due services
 * and one applied mark per service, one call at a time. Then one run of the pruner over
 * the large ledger, with the worker's defaults.
 */
final class LedgerAtScale implements Benchmark {

	private static final int BATCH = 100;

	private static final int CLAIM = 64;

	private static final long LOAD_CHUNK = 1_000_000;

	@Override
	public String name() {
		return "ledger";
	}

	@Override
	public String title() {
		return "5d. Ledger latency at scale";
	}

	@Override
	public void run(Context context) throws Exception {
		long rows = context.ledgerRows;
		int rounds = context.size(100, 10);
		String empty = context.infra.newDatabase();
		String large = context.infra.newDatabase();
		migrate(empty);
		migrate(large);
		long loadStart = System.nanoTime();
		long services = load(context, large, rows);
		double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
		List<List<Double>> emptyRuns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		List<List<Double>> largeRuns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		long nextService = services + 1;
		try (Ledgers onEmpty = new Ledgers(empty); Ledgers onLarge = new Ledgers(large)) {
			// a warm-up round of each, not counted: the JIT, the connections, the caches
			nextService = measure(onEmpty, nextService, 2, null);
			nextService = measure(onLarge, nextService, 2, null);
			for (int rep = 0; rep < context.reps; rep++) {
				context.log("ledger: %d rounds on the empty ledger and on %,d rows, run %d of %d", rounds, rows,
						rep + 1, context.reps);
				nextService = measure(onEmpty, nextService, rounds, emptyRuns);
				nextService = measure(onLarge, nextService, rounds, largeRuns);
				context.results.loadAverage(Machine.loadAverage());
			}
		}
		// one pruning run over the large ledger, as an instance's pruner makes it (the
		// defaults
		// of ema.ledger.*): half of the events are older than the retention
		LedgerProperties retention = new LedgerProperties(Duration.ofDays(30),
				new LedgerProperties.Prune(true, Duration.ofMinutes(5), 1000, 100_000));
		long pruned;
		double pruneSeconds;
		try (Ledgers onLarge = new Ledgers(large)) {
			LedgerRetention pruner = new LedgerRetention(JdbcClient.create(onLarge.dataSource), onLarge.transactions,
					retention, new SimpleMeterRegistry(), Clock.systemUTC());
			context.log("ledger: one pruning run over %,d events", rows);
			long pruneStart = System.nanoTime();
			pruned = pruner.prune(Instant.now());
			pruneSeconds = (System.nanoTime() - pruneStart) / 1e9;
		}
		String baseline = "the same code and work on an empty ledger";
		String size = String.format(Locale.ROOT, "%,d events", rows);
		String[] names = { "record: one listener batch of 100 events", "claim: 64 due services",
				"mark applied: one service" };
		for (int i = 0; i < 3; i++) {
			for (int p = 0; p < 2; p++) {
				context.results.add(Figure
					.compared(title(), names[i] + ", " + ((p == 0) ? "p50" : "p99") + ", ledger of " + size, "ms",
							Stats.of(largeRuns.get(i * 2 + p)), Stats.of(emptyRuns.get(i * 2 + p)), baseline, false)
					.withTarget("within 20% of an empty ledger", 1 / 1.2));
			}
		}
		context.results.add(Figure.alone(title(), String.format(Locale.ROOT,
				"prune: events deleted per second, one run of the pruner (batches of 1,000, at most 100,000 looked at),"
						+ " ledger of %s",
				size), "events/s", Stats.of(pruned / pruneSeconds)));
		context.results.note(title(), String.format(Locale.ROOT,
				"the pruning run deleted %,d events in %.1f s (of the events it looked at, each service's create"
						+ " and newest are kept)",
				pruned, pruneSeconds));
		context.results.note(title(),
				String.format(Locale.ROOT,
						"%,d events of %,d services loaded in %.0f s (SQL, indexes built after the load; %s on disk);"
								+ " %d rounds per run, each one batch recorded, every due service claimed 64 at a time"
								+ " and marked applied, one call at a time over a pool of 4 connections",
						rows, services, loadSeconds, size(large), rounds));
	}

	/**
	 * Rounds of work on one ledger; the p50 and p99 of each step's latency go into
	 * {@code into} (record, claim, mark applied), unless null.
	 * @return the next unused service id
	 */
	private static long measure(Ledgers ledgers, long firstService, int rounds, List<List<Double>> into) {
		List<Double> record = new ArrayList<>();
		List<Double> claim = new ArrayList<>();
		List<Double> applied = new ArrayList<>();
		long next = firstService;
		List<Long> previous = List.of();
		for (int round = 0; round < rounds; round++) {
			Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
			List<IncomingEvent> batch = new ArrayList<>(BATCH);
			List<Long> created = new ArrayList<>();
			for (int i = 0; i < BATCH / 2; i++) {
				long id = next++;
				created.add(id);
				batch.add(incoming(new ServiceCreated(UUID.randomUUID(), at, id, id, 1L, 1L, null,
						new Client("Bench " + id, "Ada", "Lovelace", "ada@example.test"),
						new ProductOptions(null, true, null, null)), batch.size()));
			}
			for (long id : previous) {
				batch.add(
						incoming(new ServiceSuspended(UUID.randomUUID(), at, id, id, 1L, 1L, "Overdue"), batch.size()));
			}
			long start = System.nanoTime();
			ledgers.ledger.record(batch, ledgers.recorder);
			record.add((System.nanoTime() - start) / 1e6);
			previous = created;
			while (true) {
				start = System.nanoTime();
				List<ServiceRecord> due = ledgers.ledger.claimDue("bench", CLAIM, Instant.now().plusSeconds(1));
				claim.add((System.nanoTime() - start) / 1e6);
				if (due.isEmpty()) {
					break;
				}
				Instant now = Instant.now();
				for (ServiceRecord service : due) {
					ServiceStatus status = (service.desiredStatus() != null) ? service.desiredStatus()
							: ServiceStatus.ACTIVE;
					Ledger.NewTenant tenant = (service.slug() == null) ? new Ledger.NewTenant(
							"bench-" + service.serviceId(), "https://bench-" + service.serviceId() + ".test", false,
							Ownership.created("bench-" + service.serviceId())) : null;
					start = System.nanoTime();
					ledgers.ledger.markApplied(service.claim(), service.desiredVersion(), status, tenant,
							Ledger.Followups.none().withWhmcsSynced(), now);
					applied.add((System.nanoTime() - start) / 1e6);
					ledgers.ledger.release(service.claim(),
							Ledger.Followups.none().withPublished(service.desiredVersion().eventId()), now);
				}
			}
		}
		if (into != null) {
			List<List<Double>> samples = List.of(record, claim, applied);
			for (int i = 0; i < 3; i++) {
				double[] values = samples.get(i).stream().mapToDouble(Double::doubleValue).toArray();
				into.get(i * 2).add(Stats.percentile(values, 0.5));
				into.get(i * 2 + 1).add(Stats.percentile(values, 0.99));
			}
		}
		return next;
	}

	private static IncomingEvent incoming(LifecycleEvent event, long offset) {
		return new IncomingEvent(event, LifecycleEventJson.write(event), List.of(), new IncomingEvent.Source(
				"ema.lifecycle.v1", (int) (event.serviceId() % 6), offset, event.occurredAt().toEpochMilli()));
	}

	private static void migrate(String jdbcUrl) {
		Flyway.configure().dataSource(jdbcUrl, "postgres", "").load().migrate();
	}

	/**
	 * Loads {@code rows} applied events, ten per service, the oldest 60 days ago, and
	 * their services: idle, each with a tenant, its newest event applied and published.
	 * The secondary indexes of the events are dropped for the load and built again after
	 * it, as the migrations define them.
	 * @return the number of services
	 */
	private static long load(Context context, String jdbcUrl, long rows) throws SQLException {
		long services = Math.max(1, rows / 10);
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
				Statement sql = db.createStatement()) {
			sql.execute("set maintenance_work_mem = '512MB'");
			List<String> indexes = new ArrayList<>();
			try (ResultSet rs = sql.executeQuery("select indexname, indexdef from pg_indexes"
					+ " where tablename = 'lifecycle_event' and indexname <> 'lifecycle_event_pkey'")) {
				while (rs.next()) {
					indexes.add(rs.getString(2));
					context.log("ledger: dropping %s for the load", rs.getString(1));
				}
			}
			try (ResultSet rs = sql.executeQuery("select indexname from pg_indexes"
					+ " where tablename = 'lifecycle_event' and indexname <> 'lifecycle_event_pkey'")) {
				List<String> names = new ArrayList<>();
				while (rs.next()) {
					names.add(rs.getString(1));
				}
				for (String name : names) {
					sql.execute("drop index " + name);
				}
			}
			try (PreparedStatement insert = db.prepareStatement("insert into lifecycle_event (event_id, service_id,"
					+ " type, occurred_at, version_key, payload, headers, source_topic, source_partition,"
					+ " source_offset, source_timestamp, received_at, state, state_changed_at)"
					+ " select md5('e' || i)::uuid, 1 + (i - 1) / 10, case when (i - 1) % 10 = 0 then 'service.create'"
					+ " when i % 2 = 0 then 'service.suspend' else 'service.unsuspend' end, t,"
					+ " to_char(t at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || ' ' || md5('e' || i),"
					+ " convert_to(repeat(md5(i::text), 8), 'UTF8'), '[]', 'ema.lifecycle.v1', (i % 6)::int, i,"
					+ " 0, t, 'applied', t from generate_series(?::bigint, ?::bigint) i,"
					+ " lateral (select now() - make_interval(secs => (? - i) * 5184000.0 / ?)) as at(t)")) {
				for (long from = 1; from <= rows; from += LOAD_CHUNK) {
					long to = Math.min(rows, from + LOAD_CHUNK - 1);
					insert.setLong(1, from);
					insert.setLong(2, to);
					insert.setLong(3, rows);
					insert.setLong(4, rows);
					insert.executeUpdate();
					context.log("ledger: %,d of %,d events loaded", to, rows);
				}
			}
			sql.execute("insert into service (service_id, desired_status, desired_type, desired_occurred_at,"
					+ " desired_event_id, create_occurred_at, create_event_id, slug, url, owner_evidence, owned_at,"
					+ " applied_status, applied_occurred_at, applied_event_id, status, whmcs_synced,"
					+ " published_event_id) select s, 'suspended', 'service.suspend', now(), md5('e' || (s * 10))::uuid,"
					+ " now(), md5('e' || ((s - 1) * 10 + 1))::uuid, 'bench-' || s, 'https://bench-' || s || '.test',"
					+ " 'created', now(), 'suspended', now(), md5('e' || (s * 10))::uuid, 'idle', true,"
					+ " md5('e' || (s * 10))::uuid from generate_series(1, " + services + ") s");
			context.log("ledger: %,d services loaded; building the indexes", services);
			for (String index : indexes) {
				sql.execute(index);
			}
			sql.execute("vacuum analyze lifecycle_event");
			sql.execute("vacuum analyze service");
		}
		return services;
	}

	private static String size(String jdbcUrl) throws SQLException {
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
				Statement sql = db.createStatement();
				ResultSet rs = sql.executeQuery("select pg_size_pretty(pg_database_size(current_database()))")) {
			rs.next();
			return rs.getString(1);
		}
	}

	/** The worker's ledger on one database, with a pool like the worker's. */
	private static final class Ledgers implements AutoCloseable {

		private final HikariDataSource dataSource = new HikariDataSource();

		private final JdbcLedger ledger;

		private final TransactionTemplate transactions;

		private final EventRecorder recorder = new EventRecorder();

		Ledgers(String jdbcUrl) {
			this.dataSource.setJdbcUrl(jdbcUrl);
			this.dataSource.setUsername("postgres");
			this.dataSource.setPassword("");
			this.dataSource.setMaximumPoolSize(4);
			this.transactions = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
			this.ledger = new JdbcLedger(new JdbcTemplate(this.dataSource), this.transactions, Duration.ofSeconds(60));
		}

		@Override
		public void close() {
			this.dataSource.close();
		}

	}

}
