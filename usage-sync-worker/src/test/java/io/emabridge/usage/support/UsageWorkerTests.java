package io.emabridge.usage.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.node.ObjectNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;
import io.emabridge.usage.UsageSyncWorkerApplication;

import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that run whole workers: the shared broker and database server, an
 * archive and a WHMCS sandbox per test class, and per test its own reseller key (so its
 * own tenants), topics, consumer group and database. Workers are started as application
 * contexts on a free port, with short retry intervals and no cron, and closed after each
 * test.
 */
public abstract class UsageWorkerTests {

	protected static final Duration WAIT = Duration.ofSeconds(60);

	protected static final String ADMIN_TOKEN = "test-admin-token";

	protected static final String API_SECRET = "test-usage-secret";

	protected static ArchiveSandbox archive;

	protected static WhmcsSandbox whmcs;

	protected String apiKey;

	protected String usageTopic;

	protected String dltTopic;

	protected String tenantStateTopic;

	protected String groupId;

	protected SharedPostgres.Database database;

	protected JdbcTemplate db;

	private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

	private KafkaProducer<String, byte[]> producer;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startSandboxes() {
		archive = ArchiveSandbox.start();
		whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withAutoCreateServices(true));
	}

	@AfterAll
	static void stopSandboxes() {
		archive.close();
		whmcs.close();
	}

	@BeforeEach
	void freshNames() {
		this.apiKey = "key-" + TestNames.shortId();
		archive.addApiKey(this.apiKey);
		this.usageTopic = TestNames.topic("usage");
		this.dltTopic = this.usageTopic + "-dlt";
		this.tenantStateTopic = TestNames.topic("tenant-state");
		this.groupId = TestNames.groupId("usage");
		this.database = SharedPostgres.newDatabase();
		// the worker keeps its tables in a schema of its own
		this.db = new JdbcTemplate(new DriverManagerDataSource(this.database.jdbcUrl() + "?currentSchema=usage_sync",
				this.database.username(), this.database.password()));
		archive.clearFaults();
		whmcs.clearFaults();
		whmcs.clearRequests();
		SharedKafka.createTopic(this.tenantStateTopic, 1);
	}

	@AfterEach
	void stopWorkers() {
		for (ConfigurableApplicationContext worker : this.workers) {
			worker.close();
		}
		this.workers.clear();
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(5));
		}
		archive.clearFaults();
		whmcs.clearFaults();
	}

	protected ConfigurableApplicationContext startWorker(Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>(workerProperties());
		properties.putAll(overrides);
		// as command-line arguments, which override application.yml (default properties
		// would not)
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(UsageSyncWorkerApplication.class)
			.run(args);
		this.workers.add(context);
		return context;
	}

	protected ConfigurableApplicationContext startWorker() {
		return startWorker(Map.of());
	}

	protected void stopWorker(ConfigurableApplicationContext worker) {
		worker.close();
		this.workers.remove(worker);
	}

	protected Map<String, Object> workerProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
		properties.put("spring.kafka.consumer.group-id", this.groupId);
		properties.put("spring.kafka.listener.concurrency", 1);
		properties.put("spring.kafka.consumer.properties.session.timeout.ms", 6000);
		properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1000);
		properties.put("spring.datasource.url", this.database.jdbcUrl());
		properties.put("spring.datasource.username", this.database.username());
		properties.put("spring.datasource.password", this.database.password());
		properties.put("spring.datasource.hikari.maximum-pool-size", 6);
		properties.put("ema.usage.topic", this.usageTopic);
		properties.put("ema.usage.dlt-topic", this.dltTopic);
		properties.put("ema.usage.tenant-state-topic", this.tenantStateTopic);
		properties.put("ema.usage.partitions", 2);
		properties.put("ema.usage.collector.enabled", false);
		properties.put("ema.usage.collector.page-retry-initial", "50ms");
		properties.put("ema.usage.collector.page-retry-max", "200ms");
		properties.put("ema.usage.writer.rate-limit", 1000);
		properties.put("ema.usage.writer.retry.initial", "100ms");
		properties.put("ema.usage.writer.retry.max", "500ms");
		properties.put("ema.usage.writer.retry.give-up-after", "60s");
		properties.put("ema.usage.api.secrets", API_SECRET);
		properties.put("ema.admin.token", ADMIN_TOKEN);
		properties.put("ema.archive.base-url", archive.baseUrl());
		properties.put("ema.archive.api-key", this.apiKey);
		properties.put("ema.archive.timeout", "3s");
		properties.put("ema.whmcs.url", whmcs.baseUrl());
		properties.put("ema.whmcs.timeout", "3s");
		return properties;
	}

	protected static String baseUrl(ConfigurableApplicationContext worker) {
		return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * Tenants {@code <prefix>-001}... of this test's reseller key, with the sandbox's
	 * generated usage.
	 */
	protected List<String> seedTenants(String prefix, int count) {
		archive.generateTenants(this.apiKey, count, prefix);
		return archive.tenants(this.apiKey)
			.stream()
			.map((t) -> t.slug())
			.filter((s) -> s.startsWith(prefix + "-"))
			.toList();
	}

	/**
	 * Publishes a tenant state for each tenant, as the provisioning worker would; returns
	 * slug to service id.
	 */
	protected Map<String, Long> provision(List<String> slugs) {
		Map<String, Long> services = new LinkedHashMap<>();
		for (String slug : slugs) {
			long serviceId = TestNames.serviceId();
			publishTenantState(serviceId, slug);
			services.put(slug, serviceId);
		}
		producer().flush();
		return services;
	}

	protected void publishTenantState(long serviceId, String slug) {
		ObjectNode node = LifecycleEventJson.mapper().createObjectNode();
		node.put("serviceId", serviceId);
		node.put("slug", slug);
		node.put("url", "https://" + slug + ".archive.example.test");
		node.put("status", "active");
		ObjectNode version = node.putObject("version");
		version.put("occurredAt", LifecycleEventJson.formatInstant(Instant.now()));
		version.put("eventId", UUID.randomUUID().toString());
		node.put("updatedAt", LifecycleEventJson.formatInstant(Instant.now()));
		send(this.tenantStateTopic, Long.toString(serviceId), LifecycleEventJson.mapper().writeValueAsBytes(node));
	}

	protected void send(String topic, String key, byte[] value) {
		try {
			producer().send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not send a test record", ex.getCause());
		}
	}

	private KafkaProducer<String, byte[]> producer() {
		if (this.producer == null) {
			Map<String, Object> config = new HashMap<>();
			config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
			config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			config.put(ProducerConfig.ACKS_CONFIG, "all");
			config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
			this.producer = new KafkaProducer<>(config);
		}
		return this.producer;
	}

	/** Waits until every tenant state is in the worker's directory. */
	protected void awaitDirectory(int services) {
		await().atMost(WAIT)
			.until(() -> this.db.queryForObject("select count(*) from tenant_service", Integer.class) >= services);
	}

	/**
	 * Waits until the writer recorded the figures of at least {@code services} services
	 * as written into WHMCS (it records them after the WHMCS calls of a poll batch).
	 */
	protected void awaitDelivered(int services) {
		await().atMost(WAIT)
			.until(() -> this.db.queryForObject("select count(*) from whmcs_usage", Integer.class) >= services);
	}

	protected HttpResponse<String> post(ConfigurableApplicationContext worker, String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(worker) + path))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	protected HttpResponse<String> get(ConfigurableApplicationContext worker, String path,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(worker) + path)).GET();
		headers.forEach(request::header);
		return send(request.build());
	}

	protected HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Starts a run through the admin endpoint and returns its id. */
	protected long collect(ConfigurableApplicationContext worker) {
		HttpResponse<String> response = post(worker, "/admin/usage/collect", ADMIN_TOKEN);
		if (response.statusCode() != 202) {
			throw new AssertionError("collect answered " + response.statusCode() + ": " + response.body());
		}
		return LifecycleEventJson.mapper().readTree(response.body()).path("runId").asLong();
	}

	/** Waits until the run ended and returns its row. */
	protected Map<String, Object> awaitRun(long runId) {
		await().atMost(WAIT)
			.until(() -> !"running"
				.equals(this.db.queryForObject("select status from collection_run where id = ?", String.class, runId)));
		return this.db.queryForMap("select * from collection_run where id = ?", runId);
	}

	/**
	 * UpdateClientProduct calls the WHMCS sandbox answered since the test began (its
	 * sandbox is this class's).
	 */
	protected static long whmcsWrites() {
		return whmcs.requests()
			.stream()
			.filter((r) -> "UpdateClientProduct".equalsIgnoreCase(r.action()) && r.status() == 200 && r.fault() == null)
			.count();
	}

	/** Every record of a topic, waiting until there are at least {@code atLeast}. */
	protected List<ConsumerRecord<String, byte[]>> records(String topic, int atLeast) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			await().atMost(WAIT).until(() -> !consumer.partitionsFor(topic).isEmpty());
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long total = ends.values().stream().mapToLong(Long::longValue).sum();
			await().atMost(WAIT).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return records.size() >= Math.max(atLeast, total);
			});
		}
		return records;
	}

	/** How many records a topic holds (the sum of its end offsets). */
	protected long recordCount(String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
		}
	}

	protected static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
