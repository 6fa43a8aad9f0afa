package io.emabridge.provisioning;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that run whole workers: the shared broker and database server, an
 * archive and a WHMCS sandbox per test class, and per test its own topics, consumer group
 * and ledger database, so that tests never see each other. Workers are started as
 * application contexts with short retry intervals, and closed after each test.
 */
public abstract class WorkerIntegrationTests {

	protected static final Duration WAIT = Duration.ofSeconds(30);

	protected static ArchiveSandbox archive;

	protected static WhmcsSandbox whmcs;

	protected String lifecycleTopic;

	protected String dltTopic;

	protected String tenantStateTopic;

	protected String groupId;

	protected SharedPostgres.Database database;

	protected JdbcTemplate ledgerDb;

	private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

	private KafkaProducer<String, byte[]> producer;

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
		this.lifecycleTopic = TestNames.topic("lifecycle");
		this.dltTopic = this.lifecycleTopic + "-dlt";
		this.tenantStateTopic = TestNames.topic("tenant-state");
		this.groupId = TestNames.groupId("worker");
		this.database = SharedPostgres.newDatabase();
		this.ledgerDb = new JdbcTemplate(new DriverManagerDataSource(this.database.jdbcUrl(), this.database.username(),
				this.database.password()));
		archive.clearFaults();
		archive.clearRequests();
		whmcs.clearFaults();
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
	}

	/** Partitions of the lifecycle topic; 1 unless a test needs more. */
	protected int partitions() {
		return 2;
	}

	/**
	 * Starts a worker on this test's topics and ledger; {@code overrides} replace the
	 * test defaults.
	 */
	protected ConfigurableApplicationContext startWorker(Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>(workerProperties());
		properties.putAll(overrides);
		// as command-line arguments, which override application.yml (default properties
		// would not)
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ProvisioningWorkerApplication.class)
			.run(args);
		this.workers.add(context);
		return context;
	}

	protected ConfigurableApplicationContext startWorker() {
		return startWorker(Map.of());
	}

	/**
	 * Settings under which every archive call is refused and each refusal dead-letters
	 * its service: a key the archive does not know, with the key check switched off.
	 * (With the check on, as by default, a key refused for every call pauses the worker
	 * and dead-letters nothing; these settings are for tests of the dead-letter path
	 * itself.)
	 */
	protected static Map<String, Object> deadLetteringKey(String key, Object... more) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("ema.archive.api-key", key);
		properties.put("ema.archive.key-check.enabled", false);
		for (int i = 0; i + 1 < more.length; i += 2) {
			properties.put((String) more[i], more[i + 1]);
		}
		return properties;
	}

	/** Closes a worker before the end of the test. */
	protected void stopWorker(ConfigurableApplicationContext worker) {
		worker.close();
		this.workers.remove(worker);
	}

	protected Map<String, Object> workerProperties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
		properties.put("spring.kafka.consumer.group-id", this.groupId);
		properties.put("spring.kafka.listener.concurrency", 1);
		// a killed worker's partitions move on after 6 s rather than the default 45 s
		properties.put("spring.kafka.consumer.properties.session.timeout.ms", 6000);
		properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1000);
		properties.put("spring.datasource.url", this.database.jdbcUrl());
		properties.put("spring.datasource.username", this.database.username());
		properties.put("spring.datasource.password", this.database.password());
		properties.put("spring.datasource.hikari.maximum-pool-size", 8);
		properties.put("ema.worker.topic", this.lifecycleTopic);
		properties.put("ema.worker.dlt-topic", this.dltTopic);
		properties.put("ema.worker.tenant-state-topic", this.tenantStateTopic);
		properties.put("ema.worker.partitions", partitions());
		properties.put("ema.worker.tenant-state-partitions", 1);
		properties.put("ema.worker.concurrency", 16);
		properties.put("ema.worker.poll-interval", "100ms");
		properties.put("ema.worker.lease", "10s");
		properties.put("ema.worker.retry.initial", "100ms");
		properties.put("ema.worker.retry.max", "500ms");
		properties.put("ema.worker.listener-back-off.initial", "100ms");
		properties.put("ema.worker.listener-back-off.max", "1s");
		properties.put("ema.archive.base-url", archive.baseUrl());
		properties.put("ema.archive.timeout", "3s");
		properties.put("ema.whmcs.url", whmcs.baseUrl());
		properties.put("ema.whmcs.timeout", "3s");
		properties.put("ema.whmcs.retry.initial", "100ms");
		properties.put("ema.whmcs.retry.max", "500ms");
		return properties;
	}

	/**
	 * Creates the lifecycle topic before any worker does, for tests that produce first.
	 */
	protected void createLifecycleTopic() {
		SharedKafka.createTopic(this.lifecycleTopic, partitions());
	}

	protected void send(LifecycleEvent... events) {
		for (LifecycleEvent event : events) {
			sendRaw(event.key(), LifecycleEventJson.write(event));
		}
	}

	protected void sendRaw(String key, byte[] value) {
		try {
			producer().send(new ProducerRecord<>(this.lifecycleTopic, key, value)).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not send a test record", ex.getCause());
		}
	}

	protected KafkaProducer<String, byte[]> producer() {
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
			await().atMost(WAIT).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return records.size() >= atLeast;
			});
		}
		return records;
	}

	protected static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/** The service's row in the ledger, as column name to value. */
	protected Map<String, Object> serviceRow(long serviceId) {
		List<Map<String, Object>> rows = this.ledgerDb.queryForList("select * from service where service_id = ?",
				serviceId);
		return rows.isEmpty() ? Map.of() : rows.get(0);
	}

	protected String eventState(UUID eventId) {
		List<String> states = this.ledgerDb.queryForList("select state from lifecycle_event where event_id = ?",
				String.class, eventId);
		return states.isEmpty() ? null : states.get(0);
	}

	/**
	 * Waits until the service's tenant is applied in the given state, WHMCS synced and
	 * the state published.
	 */
	protected Map<String, Object> awaitSettled(long serviceId, ServiceStatus status) {
		await().atMost(WAIT).untilAsserted(() -> {
			Map<String, Object> row = serviceRow(serviceId);
			org.assertj.core.api.Assertions.assertThat(row)
				.containsEntry("status", "idle")
				.containsEntry("applied_status", status.value())
				.containsEntry("whmcs_synced", true);
			org.assertj.core.api.Assertions.assertThat(row.get("published_event_id"))
				.isEqualTo(row.get("applied_event_id"));
		});
		return serviceRow(serviceId);
	}

	protected static Optional<ArchiveTenant> tenant(String slug) {
		return archive.tenant(slug);
	}

	/** Requests the archive sandbox saw to create tenants. */
	protected static long createRequests() {
		return archive.requests()
			.stream()
			.filter((r) -> r.method().equals("POST") && r.path().equals(ArchiveSandbox.TENANTS_PATH))
			.count();
	}

}
