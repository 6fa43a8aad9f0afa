package io.emabridge.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller),
 * started in this JVM from the broker's own artifacts. Its log directory is kept between
 * starts, so records accepted before a restart are still there after it. Used by the
 * local stack and, with a temporary directory, by the tests.
 */
public final class LocalKafka implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

	private final KafkaRaftServer server;

	private final int port;

	private LocalKafka(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Formats the log directory when it is new, then starts the broker.
	 * @param home where the broker keeps its configuration and, under {@code data/}, its
	 * log
	 * @param port the client port, 0 for a free one
	 * @param overrides broker properties that replace the defaults
	 */
	public static LocalKafka start(Path home, int port, Map<String, String> overrides) {
		Path logDir = home.resolve("data");
		int clientPort = (port != 0) ? port : FreePorts.pick();
		int controllerPort = FreePorts.pick();
		Properties props = brokerProperties(logDir, clientPort, controllerPort);
		props.putAll(overrides);
		try {
			Files.createDirectories(logDir);
			Path configFile = home.resolve("server.properties");
			try (var out = Files.newBufferedWriter(configFile)) {
				props.store(out, "written at each start of the embedded broker");
			}
			if (!Files.exists(logDir.resolve("meta.properties"))) {
				format(configFile);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
		server.startup();
		log.info("Kafka broker (KRaft) listening on 127.0.0.1:{}, data in {}", clientPort, logDir);
		return new LocalKafka(server, clientPort);
	}

	public static LocalKafka start(Path home, int port) {
		return start(home, port, Map.of());
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}

	private static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
		Properties props = new Properties();
		props.put("process.roles", "broker,controller");
		props.put("node.id", "1");
		props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
		props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
		props.put("controller.listener.names", "CONTROLLER");
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		props.put("log.dirs", logDir.toAbsolutePath().toString());
		props.put("num.partitions", "1");
		props.put("default.replication.factor", "1");
		props.put("offsets.topic.replication.factor", "1");
		props.put("offsets.topic.num.partitions", "5");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		props.put("group.initial.rebalance.delay.ms", "0");
		// Topics are declared by the services that own them, as they would be on a
		// production cluster.
		props.put("auto.create.topics.enable", "false");
		return props;
	}

	private static void format(Path configFile) {
		var output = new ByteArrayOutputStream();
		String[] args = { "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString() };
		int exit = StorageTool$.MODULE$.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
		if (exit != 0) {
			throw new IllegalStateException("Could not format the Kafka log directory: " + output);
		}
	}

}
