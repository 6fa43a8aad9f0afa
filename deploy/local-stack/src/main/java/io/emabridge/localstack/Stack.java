package io.emabridge.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.emabridge.embedded.KafkaCluster;
import io.emabridge.embedded.LocalKafka;
import io.emabridge.embedded.LocalPostgres;
import io.emabridge.embedded.ServiceJars;
import io.emabridge.embedded.ServiceProcess;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * The running local stack: started in dependency order, closed in reverse order. Kafka (a
 * single broker), PostgreSQL and the sandboxes run in this JVM; each node of a Kafka
 * cluster and each service runs in a JVM of its own, as it would in production.
 */
final class Stack implements AutoCloseable {

	private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(3);

	private final Deque<AutoCloseable> running = new ArrayDeque<>();

	private final Settings settings;

	private final StartupLog log;

	private LocalKafka kafka;

	private KafkaCluster cluster;

	private LocalPostgres postgres;

	private ArchiveSandbox archive;

	private WhmcsSandbox whmcs;

	private final List<ServiceProcess> services = new ArrayList<>();

	private final Map<ServiceProcess, Long> startedAt = new IdentityHashMap<>();

	private Stack(Settings settings, StartupLog log) {
		this.settings = settings;
		this.log = log;
	}

	static Stack start(Settings settings) {
		return start(settings, StartupLog.quiet());
	}

	/** Starts everything, telling {@code log} each component as it comes up. */
	static Stack start(Settings settings, StartupLog log) {
		Stack stack = new Stack(settings, log);
		try {
			stack.startAll();
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void startAll() {
		Path data = this.settings.dataDir();
		if (this.settings.brokers() == 1) {
			this.kafka = started(this.log.up("Kafka (KRaft)",
					() -> LocalKafka.start(data.resolve("kafka"), port(LocalDefaults.KAFKA_PORT)),
					LocalKafka::bootstrapServers));
		}
		else {
			// its own folder: a single node's log has topics of one replica
			this.cluster = started(this.log.up("Kafka (KRaft) x" + this.settings.brokers(),
					() -> KafkaCluster.start(KafkaCluster.Layout.onPorts(data.resolve("kafka-cluster"),
							data.resolve("logs"), this.settings.brokers(), port(LocalDefaults.KAFKA_PORT),
							port(LocalDefaults.KAFKA_CONTROLLER_PORT)), Map.of()),
					KafkaCluster::bootstrapServers));
		}
		this.postgres = started(this.log.up("PostgreSQL",
				() -> LocalPostgres.start(data.resolve("postgres"), port(LocalDefaults.POSTGRES_PORT)),
				(postgres) -> postgres.jdbcUrl(LocalDefaults.DATABASE)));
		this.postgres.createDatabase(LocalDefaults.DATABASE);
		// the sandboxes keep their tenants and services in files, so they agree with the
		// ledger after a restart
		this.archive = started(this.log.up("Archive API sandbox",
				() -> ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
					.withApiKeys(LocalDefaults.ARCHIVE_API_KEY, LocalDefaults.SECOND_ACCOUNT_API_KEY)
					.withPort(port(LocalDefaults.ARCHIVE_SANDBOX_PORT))
					.withStateFile(data.resolve("sandbox").resolve("archive-sandbox.json"))),
				ArchiveSandbox::baseUrl));
		this.whmcs = started(this.log.up("WHMCS API sandbox",
				() -> WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withPort(port(LocalDefaults.WHMCS_SANDBOX_PORT))
					.withStateFile(data.resolve("sandbox").resolve("whmcs-sandbox.json"))
					.withAutoCreateServices(true)
					.withModuleGateway(moduleGatewayUrl(), LocalDefaults.GATEWAY_SECRET)),
				WhmcsSandbox::baseUrl));
		if (this.settings.withServices()) {
			startServices(data);
		}
	}

	private void startServices(Path data) {
		List<String> jvm = List.of("-Xmx" + this.settings.serviceHeap(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
		List<String> common = List.of("--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
				"--ema.admin.token=" + LocalDefaults.ADMIN_TOKEN);
		// the topics each service creates get as many replicas as the cluster's defaults
		// (three on three nodes or more); the producers already wait for every in-sync
		// replica (acks=all)
		String replicas = Integer.toString(Math.min(this.settings.brokers(), 3));
		startService("whmcs-publisher", LocalDefaults.GATEWAY_PORT, jvm,
				concat(common, List.of("--ema.gateway.secrets=" + LocalDefaults.GATEWAY_SECRET,
						"--ema.gateway.replication-factor=" + replicas)),
				data);
		startService("provisioning-worker", LocalDefaults.PROVISIONING_PORT, jvm, concat(common, List.of(
				"--spring.datasource.url=" + this.postgres.jdbcUrl(LocalDefaults.DATABASE),
				"--spring.datasource.username=" + this.postgres.username(), "--spring.datasource.password=",
				"--ema.archive.base-url=" + this.archive.baseUrl(),
				"--ema.archive.api-key=" + LocalDefaults.ARCHIVE_API_KEY,
				// server 2's services go to a second reseller account
				secondAccount() + "api-key=" + LocalDefaults.SECOND_ACCOUNT_API_KEY,
				secondAccount() + "base-domain=" + LocalDefaults.SECOND_ACCOUNT_BASE_DOMAIN,
				"--ema.whmcs.url=" + this.whmcs.baseUrl(), "--ema.whmcs.identifier=" + LocalDefaults.WHMCS_IDENTIFIER,
				"--ema.whmcs.secret=" + LocalDefaults.WHMCS_SECRET, "--ema.worker.replication-factor=" + replicas,
				"--ema.welcome.template=" + LocalDefaults.WELCOME_TEMPLATE,
				"--ema.module-log.secrets=" + LocalDefaults.GATEWAY_SECRET)), data);
		// the usage worker shares the database (tables of its own) and signs with the
		// module's (gateway's) secret
		startService("usage-sync-worker", LocalDefaults.USAGE_SYNC_PORT, jvm,
				concat(common,
						List.of("--spring.datasource.url=" + this.postgres.jdbcUrl(LocalDefaults.DATABASE),
								"--spring.datasource.username=" + this.postgres.username(),
								"--spring.datasource.password=", "--ema.archive.base-url=" + this.archive.baseUrl(),
								"--ema.archive.api-key=" + LocalDefaults.ARCHIVE_API_KEY,
								secondAccount() + "api-key=" + LocalDefaults.SECOND_ACCOUNT_API_KEY,
								"--ema.whmcs.url=" + this.whmcs.baseUrl(),
								"--ema.whmcs.identifier=" + LocalDefaults.WHMCS_IDENTIFIER,
								"--ema.whmcs.secret=" + LocalDefaults.WHMCS_SECRET,
								"--ema.usage.api.secrets=" + LocalDefaults.GATEWAY_SECRET,
								"--ema.usage.replication-factor=" + replicas)),
				data);
		for (ServiceProcess service : this.services) {
			service.awaitHealthy(SERVICE_START_TIMEOUT);
			this.log.up(service.name(), service.url(), this.startedAt.get(service));
		}
	}

	private static String secondAccount() {
		return "--ema.archive.accounts." + LocalDefaults.SECOND_ACCOUNT_SERVER + ".";
	}

	/**
	 * The stack's gateway, where the WHMCS sandbox's module commands publish as our
	 * module does (a ModuleCreate the drift reconciler asks for then reaches the worker);
	 * {@code null} when the gateway is not started, so that they only change the status.
	 */
	private String moduleGatewayUrl() {
		boolean gateway = this.settings.withServices() && this.settings.jars().find("whmcs-publisher").isPresent();
		return gateway ? "http://127.0.0.1:" + port(LocalDefaults.GATEWAY_PORT) : null;
	}

	private void startService(String module, int basePort, List<String> jvm, List<String> properties, Path data) {
		Optional<Path> jar = this.settings.jars().find(module);
		if (jar.isPresent()) {
			long since = this.log.now();
			ServiceProcess service = started(
					ServiceProcess.start(module, port(basePort), jar.get(), jvm, properties, data.resolve("logs")));
			this.services.add(service);
			this.startedAt.put(service, since);
			this.log.starting(module, "its own JVM, log " + service.logFile());
		}
		else {
			this.log.starting(module, "not built, so not started (./mvnw -DskipTests package builds it)");
		}
	}

	/** The single broker; {@code null} when the stack runs a {@link #cluster()}. */
	LocalKafka kafka() {
		return this.kafka;
	}

	/** The brokers when there are several; {@code null} with a single one. */
	KafkaCluster cluster() {
		return this.cluster;
	}

	String kafkaBootstrapServers() {
		return (this.cluster != null) ? this.cluster.bootstrapServers() : this.kafka.bootstrapServers();
	}

	LocalPostgres postgres() {
		return this.postgres;
	}

	ArchiveSandbox archive() {
		return this.archive;
	}

	WhmcsSandbox whmcs() {
		return this.whmcs;
	}

	List<ServiceProcess> services() {
		return List.copyOf(this.services);
	}

	Optional<ServiceProcess> service(String name) {
		return this.services.stream().filter((service) -> service.name().equals(name)).findFirst();
	}

	int port(int base) {
		return base + this.settings.portOffset();
	}

	Path dataDir() {
		return this.settings.dataDir();
	}

	@Override
	public synchronized void close() {
		while (!this.running.isEmpty()) {
			try {
				this.running.pop().close();
			}
			catch (Exception ex) {
				System.err.println("While stopping: " + ex.getMessage());
			}
		}
	}

	private <T extends AutoCloseable> T started(T component) {
		this.running.push(component);
		return component;
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	/**
	 * What to start, and where: one Kafka broker in this JVM, or a cluster of
	 * {@code brokers} nodes, each in a JVM of its own.
	 */
	record Settings(Path dataDir, int portOffset, boolean withServices, String serviceHeap, ServiceJars jars,
			int brokers) {

		Settings {
			// two voters cannot lose one; more than five only slows a machine down
			if (brokers != 1 && (brokers < 3 || brokers > 5)) {
				throw new IllegalArgumentException("--brokers must be 1 or 3 to 5, not " + brokers
						+ " (a controller quorum of two stops when either is lost)");
			}
		}

		Settings(Path dataDir, int portOffset, boolean withServices, String serviceHeap, ServiceJars jars) {
			this(dataDir, portOffset, withServices, serviceHeap, jars, 1);
		}

	}

}
