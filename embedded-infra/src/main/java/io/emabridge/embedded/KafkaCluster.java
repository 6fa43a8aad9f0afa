package io.emabridge.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated Apache Kafka cluster on this machine: every node a broker and a voter of
 * one static KRaft controller quorum, each in a JVM of its own so that one can be killed
 * ({@code kill -9}) and restarted while the others go on. Combined nodes rather than
 * separate controllers: three processes instead of four, no single controller whose loss
 * stops the cluster, and killing a node also tests a controller failover. With three
 * nodes the quorum and the topics (three replicas, two in sync) survive any one node. The
 * data of node {@code i} lives under {@code home/node-i}, kept between starts.
 */
public final class KafkaCluster implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);

	private static final Duration NODE_START_TIMEOUT = Duration.ofMinutes(2);

	private static final String LOG_CONFIG = "logback.xml";

	private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private final Layout layout;

	private final List<LocalKafka.Node> nodes;

	private final ServiceProcess[] processes;

	// where each node's output of its current launch begins in its log file
	private final long[] logOffsets;

	private KafkaCluster(Layout layout, List<LocalKafka.Node> nodes) {
		this.layout = layout;
		this.nodes = nodes;
		this.processes = new ServiceProcess[nodes.size()];
		this.logOffsets = new long[nodes.size()];
	}

	/**
	 * Formats the nodes' log directories when they are new, starts every node and waits
	 * until each has joined the cluster.
	 */
	public static KafkaCluster start(Layout layout, Map<String, String> overrides) {
		List<LocalKafka.Node> nodes = IntStream.range(0, layout.size())
			.mapToObj((i) -> new LocalKafka.Node(i + 1, layout.clientPorts().get(i), layout.controllerPorts().get(i)))
			.toList();
		String clusterId = Uuid.randomUuid().toString();
		for (LocalKafka.Node node : nodes) {
			Path home = layout.home().resolve("node-" + node.id());
			var props = LocalKafka.nodeProperties(home, node, nodes);
			props.putAll(overrides);
			try {
				Files.createDirectories(home);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			LocalKafka.prepare(home, props, clusterId);
			writeLogConfig(home);
		}
		KafkaCluster cluster = new KafkaCluster(layout, nodes);
		try {
			nodes.forEach((node) -> cluster.launch(node.id()));
			cluster.awaitBrokers(nodes.stream().map(LocalKafka.Node::id).collect(Collectors.toSet()));
			log.info("Kafka cluster of {} nodes at {}", nodes.size(), cluster.bootstrapServers());
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** Every node's client address, the list clients bootstrap from. */
	public String bootstrapServers() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.clientPort()).collect(Collectors.joining(","));
	}

	public int size() {
		return this.nodes.size();
	}

	/** The nodes' ids: 1 to {@link #size()}. */
	public List<Integer> nodeIds() {
		return this.nodes.stream().map(LocalKafka.Node::id).toList();
	}

	/** The JVM of node {@code id}, to read its log or pid. */
	public ServiceProcess node(int id) {
		return this.processes[id - 1];
	}

	/**
	 * Kills node {@code id} at once, as {@code kill -9} would: nothing flushed, no
	 * controlled shutdown; the others notice when its heartbeats stop.
	 */
	public void kill(int id) {
		this.processes[id - 1].kill();
		log.info("Kafka node {} killed", id);
	}

	/**
	 * Starts node {@code id} again, with its ports and its log as it left them, and waits
	 * until it has joined the cluster (not until it caught up: see
	 * {@link #awaitFullyReplicated}).
	 */
	public void restart(int id) {
		ServiceProcess previous = this.processes[id - 1];
		if (previous != null && previous.isAlive()) {
			throw new IllegalStateException("Kafka node " + id + " is still running");
		}
		launch(id);
		awaitBrokers(Set.of(id));
	}

	/**
	 * Waits until every partition of every topic, internal ones included, has all its
	 * replicas in sync: what a restarted node has caught up by.
	 */
	public void awaitFullyReplicated(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = admin()) {
			while (!fullyReplicated(admin)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Kafka cluster not fully replicated within " + timeout);
				}
				// the controller has no callback for "in sync again": poll it
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
			}
		}
	}

	/** The node that leads the controller quorum now. */
	public int activeController() {
		try (Admin admin = admin()) {
			return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not describe the controller quorum", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stops every node at once (SIGTERM, then SIGKILL after a while): one after the
	 * other, the last ones would wait for a quorum that is gone.
	 */
	@Override
	public void close() {
		CompletableFuture
			.allOf(IntStream.range(0, this.processes.length)
				.filter((i) -> this.processes[i] != null)
				.mapToObj((i) -> CompletableFuture.runAsync(this.processes[i]::close))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	private void launch(int id) {
		LocalKafka.Node node = this.nodes.get(id - 1);
		Path home = this.layout.home().resolve("node-" + id).toAbsolutePath();
		List<String> arguments = new ArrayList<>(this.layout.jvmOptions());
		arguments.add("-Dlogback.configurationFile=" + home.resolve(LOG_CONFIG));
		arguments.addAll(mainClassArguments());
		arguments.add(home.toString());
		this.logOffsets[id - 1] = sizeOf(this.layout.logDir().resolve("kafka-" + id + ".log"));
		this.processes[id - 1] = ServiceProcess.startJava("kafka-" + id, node.clientPort(), arguments,
				this.layout.logDir());
	}

	/**
	 * How a child JVM finds this class path: the same class path in a build or an IDE;
	 * inside a Spring Boot executable jar (the local stack's), that jar, through Boot's
	 * launcher that reads its nested jars.
	 */
	private static List<String> mainClassArguments() {
		String classPath = System.getProperty("java.class.path");
		String main = KafkaNodeMain.class.getName();
		if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && isBootJar(classPath)) {
			return List.of("-cp", classPath, "-Dloader.main=" + main, BOOT_LAUNCHER);
		}
		return List.of("-cp", classPath, main);
	}

	private static boolean isBootJar(String path) {
		try (JarFile jar = new JarFile(path)) {
			return jar.getEntry("BOOT-INF/lib/") != null || jar.getEntry("BOOT-INF/classes/") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A broker logs at INFO, whatever the class path it shares with its parent says (a
	 * test class path's Logback logs everything at DEBUG, which slows a broker down).
	 */
	private static void writeLogConfig(Path home) {
		try {
			Files.writeString(home.resolve(LOG_CONFIG), """
					<configuration>
					  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
					    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
					  </appender>
					  <logger name="org.apache.kafka.clients" level="WARN"/>
					  <root level="INFO"><appender-ref ref="OUT"/></root>
					</configuration>
					""");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitBrokers(Set<Integer> ids) {
		long deadline = System.nanoTime() + NODE_START_TIMEOUT.toNanos();
		// an admin client asks at once and keeps asking: creating it before every node
		// has started would only fill the log with warnings
		while (!ids.stream().allMatch(this::started)) {
			checkStarting(ids, deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
		}
		try (Admin admin = admin()) {
			while (!registered(admin).containsAll(ids)) {
				checkStarting(ids, deadline);
				// a child JVM has no readiness callback: poll the cluster
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
			}
		}
	}

	private void checkStarting(Set<Integer> ids, long deadline) {
		for (int id : ids) {
			if (!this.processes[id - 1].isAlive()) {
				throw new IllegalStateException(
						"Kafka node " + id + " exited at start-up; see " + this.processes[id - 1].logFile());
			}
		}
		if (System.nanoTime() > deadline) {
			throw new IllegalStateException("Kafka nodes " + ids + " did not join within " + NODE_START_TIMEOUT);
		}
	}

	/**
	 * Whether node {@code id} said it is up (the line {@link LocalKafka} logs once the
	 * broker has started) in what it printed since its last launch.
	 */
	private boolean started(int id) {
		ServiceProcess process = this.processes[id - 1];
		try (var in = Files.newInputStream(process.logFile())) {
			in.skipNBytes(this.logOffsets[id - 1]);
			String printed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return printed.contains(LocalKafka.startedLine(id));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long sizeOf(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Set<Integer> registered(Admin admin) {
		try {
			return admin.describeCluster()
				.nodes()
				.get(5, TimeUnit.SECONDS)
				.stream()
				.map(Node::id)
				.collect(Collectors.toSet());
		}
		catch (ExecutionException | TimeoutException ex) {
			// no node answers yet
			return Set.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean fullyReplicated(Admin admin) {
		try {
			Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
				.names()
				.get(5, TimeUnit.SECONDS);
			Collection<TopicDescription> descriptions = admin.describeTopics(topics)
				.allTopicNames()
				.get(5, TimeUnit.SECONDS)
				.values();
			return descriptions.stream().flatMap((topic) -> topic.partitions().stream()).allMatch(KafkaCluster::inSync);
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean inSync(TopicPartitionInfo partition) {
		return partition.leader() != null && partition.isr().size() == partition.replicas().size();
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				5000));
	}

	/**
	 * Where the cluster lives: its nodes' directories under {@code home}, their output in
	 * {@code logDir} ({@code kafka-<id>.log}), node {@code i}'s client and controller
	 * ports at index {@code i - 1}, and the options of each node's JVM.
	 */
	public record Layout(Path home, Path logDir, List<Integer> clientPorts, List<Integer> controllerPorts,
			List<String> jvmOptions) {

		public Layout {
			if (clientPorts.size() != controllerPorts.size() || clientPorts.isEmpty()) {
				throw new IllegalArgumentException("one client and one controller port per node, at least one node");
			}
			clientPorts = List.copyOf(clientPorts);
			controllerPorts = List.copyOf(controllerPorts);
			jvmOptions = List.copyOf(jvmOptions);
		}

		/** {@code size} nodes on free ports, each JVM with a small heap. */
		public static Layout onFreePorts(Path home, Path logDir, int size) {
			List<Integer> client = IntStream.range(0, size).mapToObj((i) -> FreePorts.pick()).toList();
			List<Integer> controller = IntStream.range(0, size).mapToObj((i) -> FreePorts.pick()).toList();
			return new Layout(home, logDir, client, controller, defaultJvmOptions());
		}

		/**
		 * {@code size} nodes on fixed ports: clients from {@code firstClientPort} on,
		 * controllers from {@code firstControllerPort} on.
		 */
		public static Layout onPorts(Path home, Path logDir, int size, int firstClientPort, int firstControllerPort) {
			List<Integer> client = IntStream.range(0, size).mapToObj((i) -> firstClientPort + i).toList();
			List<Integer> controller = IntStream.range(0, size).mapToObj((i) -> firstControllerPort + i).toList();
			return new Layout(home, logDir, client, controller, defaultJvmOptions());
		}

		public int size() {
			return this.clientPorts.size();
		}

		private static List<String> defaultJvmOptions() {
			return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
		}

	}

}
