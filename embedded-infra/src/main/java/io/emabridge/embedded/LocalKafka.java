package io.emabridge.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller), started in
 * this JVM from the broker's own artifacts: a single node, or one node of a
 * {@link KafkaCluster} in a JVM of its own. Its log directory is kept between starts, so
 * records accepted before a restart are still there after it. Used by the local stack
 * and, with a temporary directory, by the tests.
 */
public final class LocalKafka implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

	private static final String CONFIG_FILE = "server.properties";

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
		int clientPort = (port != 0) ? port : FreePorts.pick();
		Node node = new Node(1, clientPort, FreePorts.pick());
		Properties props = nodeProperties(home, node, List.of(node));
		props.putAll(overrides);
		prepare(home, props, Uuid.randomUuid().toString());
		return startPrepared(home);
	}

	/**
	 * Starts the broker {@link #prepare prepared} in {@code home}, from the configuration
	 * written there: how a node of a {@link KafkaCluster} starts in its own JVM.
	 */
	public static LocalKafka startPrepared(Path home) {
		Properties props = new Properties();
		try (var in = Files.newBufferedReader(home.resolve(CONFIG_FILE))) {
			props.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
		server.startup();
		String advertised = props.getProperty("advertised.listeners");
		int clientPort = Integer.parseInt(advertised.substring(advertised.lastIndexOf(':') + 1));
		log.info("{}, listening on 127.0.0.1:{}, data in {}",
				startedLine(Integer.parseInt(props.getProperty("node.id"))), clientPort, props.getProperty("log.dirs"));
		return new LocalKafka(server, clientPort);
	}

	/**
	 * Writes the node's configuration into {@code home} and formats its log directory
	 * when it is new (with {@code clusterId}; every member of a quorum needs the same).
	 */
	static void prepare(Path home, Properties props, String clusterId) {
		Path logDir = Path.of(props.getProperty("log.dirs"));
		try {
			Files.createDirectories(logDir);
			Path configFile = home.resolve(CONFIG_FILE);
			try (var out = Files.newBufferedWriter(configFile)) {
				props.store(out, "written at each start of the embedded broker");
			}
			if (!Files.exists(logDir.resolve("meta.properties"))) {
				format(configFile, clusterId);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static LocalKafka start(Path home, int port) {
		return start(home, port, Map.of());
	}

	/** What a node logs once it has started, by which its parent knows it is up. */
	static String startedLine(int nodeId) {
		return "Kafka broker (KRaft) node " + nodeId + " started";
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

	/**
	 * A node that is both broker and controller, one voter of a static controller quorum
	 * of {@code voters}. Replication follows the quorum's size: one copy of everything on
	 * a single node; on three or more, three copies of every topic that does not say
	 * otherwise and two of them in sync before a write with {@code acks=all} is
	 * acknowledged, as the Kubernetes topics declare.
	 */
	static Properties nodeProperties(Path home, Node node, List<Node> voters) {
		String replicas = Integer.toString(Math.min(voters.size(), 3));
		String minInSync = Integer.toString(Math.min(voters.size(), 2));
		Properties props = new Properties();
		props.put("process.roles", "broker,controller");
		props.put("node.id", Integer.toString(node.id()));
		props.put("controller.quorum.voters",
				voters.stream()
					.map((voter) -> voter.id() + "@127.0.0.1:" + voter.controllerPort())
					.collect(Collectors.joining(",")));
		props.put("listeners",
				"PLAINTEXT://127.0.0.1:" + node.clientPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
		props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.clientPort());
		props.put("controller.listener.names", "CONTROLLER");
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		props.put("log.dirs", home.resolve("data").toAbsolutePath().toString());
		props.put("num.partitions", "1");
		props.put("default.replication.factor", replicas);
		props.put("min.insync.replicas", minInSync);
		props.put("offsets.topic.replication.factor", replicas);
		props.put("offsets.topic.num.partitions", "5");
		props.put("transaction.state.log.replication.factor", replicas);
		props.put("transaction.state.log.min.isr", minInSync);
		props.put("share.coordinator.state.topic.replication.factor", replicas);
		props.put("share.coordinator.state.topic.min.isr", minInSync);
		props.put("group.initial.rebalance.delay.ms", "0");
		if (voters.size() > 1) {
			// a node that stops heartbeating (killed, frozen) is fenced after 3 s rather
			// than 9 s: its partitions get another leader and leave it out of their
			// in-sync replicas, so that writes go on
			props.put("broker.session.timeout.ms", "3000");
			props.put("broker.heartbeat.interval.ms", "500");
		}
		// Topics are declared by the services that own them, as they would be on a
		// production cluster.
		props.put("auto.create.topics.enable", "false");
		return props;
	}

	private static void format(Path configFile, String clusterId) {
		var output = new ByteArrayOutputStream();
		String[] args = { "format", "--cluster-id", clusterId, "--config", configFile.toString() };
		int exit = StorageTool$.MODULE$.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
		if (exit != 0) {
			throw new IllegalStateException("Could not format the Kafka log directory: " + output);
		}
	}

	/** One member of a quorum: its id and the ports it listens on. */
	record Node(int id, int clientPort, int controllerPort) {
	}

}
