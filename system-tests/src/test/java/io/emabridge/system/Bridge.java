package io.emabridge.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.emabridge.embedded.FreePorts;
import io.emabridge.embedded.ServiceJars;
import io.emabridge.embedded.ServiceProcess;
import io.emabridge.model.signing.RequestSignature;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.testsupport.BuiltJars;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

/**
 * The bridge as it runs in production, on one machine: the gateway and the provisioning
 * worker as processes of their own (started from the executable jars the build made), the
 * shared Kafka broker and PostgreSQL server, and the archive and WHMCS sandboxes in this
 * JVM so that tests can break them and read their request logs.
 */
final class Bridge implements AutoCloseable {

	static final String GATEWAY_SECRET = "system-gateway-secret-5c1f";

	static final String ARCHIVE_API_KEY = "system-archive-key-88e0";

	static final String WHMCS_SECRET = "system-whmcs-secret-0b7d";

	static final String WHMCS_ACCESS_KEY = "system-access-key-5e21";

	private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	final ArchiveSandbox archive;

	final WhmcsSandbox whmcs;

	private final Path logs;

	private final String topic = TestNames.topic("lifecycle");

	private final String tenantStateTopic = TestNames.topic("tenant-state");

	private final String groupId = TestNames.groupId("worker");

	private final String bootstrapServers;

	private final SharedPostgres.Database database;

	private final Map<String, String> workerSettings;

	private final List<ServiceProcess> workers = new ArrayList<>();

	private final TopicRecords records;

	private final LedgerRows ledger;

	private ServiceProcess gateway;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private int workerStarts;

	private int workerKills;

	/** A bridge on the shared broker and database server. */
	Bridge() {
		this(Map.of());
	}

	/**
	 * A bridge on the shared broker and database server whose workers run with these
	 * settings ({@code ema.worker.lease} to {@code 10s}, say) over the defaults below.
	 */
	Bridge(Map<String, String> workerSettings) {
		this(SharedKafka.bootstrapServers(), SharedPostgres.newDatabase(), workerSettings);
		SharedKafka.createTopic(this.topic, 6);
		startServices();
	}

	/**
	 * A bridge on a broker and a database of the caller's, which it may stop and restart;
	 * the caller creates the topic ({@link #topic()}, 6 partitions) and then calls
	 * {@link #startServices()}.
	 */
	Bridge(String bootstrapServers, SharedPostgres.Database database) {
		this(bootstrapServers, database, Map.of());
	}

	/**
	 * A bridge on a broker (or cluster) and a database of the caller's, whose workers run
	 * with these settings over the defaults below; the caller creates the topic and then
	 * calls {@link #startServices()}.
	 */
	Bridge(String bootstrapServers, SharedPostgres.Database database, Map<String, String> workerSettings) {
		this.bootstrapServers = bootstrapServers;
		this.database = database;
		this.workerSettings = Map.copyOf(workerSettings);
		this.records = new TopicRecords(bootstrapServers);
		this.ledger = new LedgerRows(database);
		try {
			this.logs = Files.createDirectories(Path.of("target", "system-logs", TestNames.shortId()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.archive = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withApiKeys(ARCHIVE_API_KEY).withRequestLogCapacity(2_000_000));
		this.whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
			.withCredentials("system", WHMCS_SECRET)
			.withAccessKey(WHMCS_ACCESS_KEY)
			.withAutoCreateServices(true));
	}

	String topic() {
		return this.topic;
	}

	String dltTopic() {
		return this.topic + "-dlt";
	}

	/** The compacted topic every worker of this bridge publishes tenant states to. */
	String tenantStateTopic() {
		return this.tenantStateTopic;
	}

	/** Reads and writes the bridge's topics. */
	TopicRecords records() {
		return this.records;
	}

	/** Reads the workers' ledger. */
	LedgerRows ledger() {
		return this.ledger;
	}

	void startServices() {
		startGateway(FreePorts.pick());
		startWorker();
	}

	/**
	 * Stops the gateway process: WHMCS finds nothing listening at its URL until
	 * {@link #restartGateway()}.
	 */
	void stopGateway() {
		this.gateway.close();
	}

	/** Starts the gateway again at the URL it had. */
	void restartGateway() {
		startGateway(this.gateway.port());
	}

	private void startGateway(int port) {
		this.gateway = start("whmcs-publisher", "whmcs-publisher-" + port, port,
				List.of("--ema.gateway.secrets=" + GATEWAY_SECRET,
						"--spring.kafka.bootstrap-servers=" + this.bootstrapServers,
						"--ema.gateway.topic=" + this.topic, "--ema.gateway.create-topics=false",
						"--ema.gateway.publish-timeout=5s"));
	}

	/**
	 * Starts one more worker instance; it joins the others' consumer group. Its name is
	 * also its {@code ema.worker.instance-id}, the name its claims carry in the ledger.
	 */
	ServiceProcess startWorker() {
		String name = "provisioning-worker-" + (++this.workerStarts);
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.kafka.bootstrap-servers", this.bootstrapServers);
		settings.put("spring.kafka.consumer.group-id", this.groupId);
		// a killed worker's partitions move on after 6 s rather than 45 s
		settings.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
		settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
		settings.put("spring.datasource.url", this.database.jdbcUrl());
		settings.put("spring.datasource.username", this.database.username());
		settings.put("spring.datasource.password", this.database.password());
		settings.put("ema.worker.topic", this.topic);
		settings.put("ema.worker.dlt-topic", dltTopic());
		settings.put("ema.worker.tenant-state-topic", this.tenantStateTopic);
		settings.put("ema.worker.instance-id", name);
		settings.put("ema.worker.lease", "5s");
		settings.put("ema.worker.poll-interval", "100ms");
		settings.put("ema.worker.retry.initial", "100ms");
		settings.put("ema.worker.retry.max", "2s");
		settings.put("ema.archive.base-url", this.archive.baseUrl());
		settings.put("ema.archive.api-key", ARCHIVE_API_KEY);
		settings.put("ema.archive.timeout", "3s");
		settings.put("ema.whmcs.url", this.whmcs.baseUrl());
		settings.put("ema.whmcs.identifier", "system");
		settings.put("ema.whmcs.secret", WHMCS_SECRET);
		settings.put("ema.whmcs.access-key", WHMCS_ACCESS_KEY);
		settings.put("ema.whmcs.timeout", "3s");
		settings.put("ema.whmcs.retry.initial", "200ms");
		settings.put("ema.whmcs.retry.max", "2s");
		// a property given twice on the command line would be read as a list: the
		// class's own settings replace the defaults
		settings.putAll(this.workerSettings);
		List<String> properties = settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toList();
		ServiceProcess worker = start("provisioning-worker", name, FreePorts.pick(), properties);
		this.workers.add(worker);
		return worker;
	}

	List<ServiceProcess> workers() {
		return this.workers.stream().filter(ServiceProcess::isAlive).toList();
	}

	/**
	 * Kills every running worker at once, as a crash or {@code kill -9} would, and starts
	 * a new one in their place.
	 */
	void killWorkersAndStartOne() {
		for (ServiceProcess worker : workers()) {
			worker.kill();
			this.workerKills++;
		}
		startWorker();
	}

	/** Worker processes killed so far. */
	int workerKills() {
		return this.workerKills;
	}

	/**
	 * Posts a lifecycle event to the gateway as the WHMCS module does: signed, with a
	 * fresh timestamp.
	 */
	int post(String json) {
		byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		long timestamp = Instant.now().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.gateway.url() + "/api/whmcs/events"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(GATEWAY_SECRET, timestamp, body))
			.POST(BodyPublishers.ofByteArray(body))
			.build();
		try {
			return this.http.send(request, BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Everything every service process printed so far. */
	String allLogs() {
		StringBuilder all = new StringBuilder();
		try (var files = Files.list(this.logs)) {
			for (Path file : files.toList()) {
				all.append(Files.readString(file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return all.toString();
	}

	String scrape(ServiceProcess service) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/actuator/prometheus")).build();
		try {
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The sum of a metric's samples in the service's scrape, over the samples whose
	 * labels contain every given text (e.g. {@code operation="suspend"}); 0 when there is
	 * none.
	 */
	double metric(ServiceProcess service, String name, String... labels) {
		return scrape(service).lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	ServiceProcess gateway() {
		return this.gateway;
	}

	private ServiceProcess start(String module, String name, int port, List<String> properties) {
		// -Dema.system.jar.<module>=<jar> runs another build of a service, an older
		// commit's
		// say, to see a test fail without the change it guards
		String given = System.getProperty("ema.system.jar." + module);
		Path jar = (given != null) ? Path.of(given) : BuiltJars.assumeBuilt(new ServiceJars(CHECKOUT), module);
		ServiceProcess process = ServiceProcess.start(name, port, jar,
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), properties, this.logs);
		process.awaitHealthy(START_TIMEOUT);
		return process;
	}

	@Override
	public void close() {
		this.workers.forEach(ServiceProcess::close);
		this.records.close();
		if (this.gateway != null) {
			this.gateway.close();
		}
		this.archive.close();
		this.whmcs.close();
	}

}
