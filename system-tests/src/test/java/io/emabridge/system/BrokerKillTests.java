package io.emabridge.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.emabridge.embedded.KafkaCluster;
import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.system.ConvergenceRun.Acknowledgement;
import io.emabridge.testsupport.SharedPostgres;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge on a replicated Kafka cluster, the shape it runs in production: three KRaft
 * nodes, each in a JVM of its own, the lifecycle topic and every topic the workers create
 * with three replicas of which two must be in sync ({@code min.insync.replicas=2}), the
 * gateway and two worker instances on the whole bootstrap list. Events stream through the
 * gateway while one node after another is killed ({@code kill -9}) and restarted. Every
 * event the gateway acknowledged is on the topic afterwards, every service converges, and
 * a 503 comes only while a node is down or catching up (with one node of three down, two
 * replicas are still in sync: the gateway should answer 202 throughout, at worst slower
 * while the dead node's partitions move). Each run prints what every outage cost.
 */
class BrokerKillTests {

	// the gateway's ema.gateway.publish-timeout in Bridge
	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

	private static KafkaCluster cluster;

	private static Path home;

	private static Bridge bridge;

	@BeforeAll
	static void start() throws Exception {
		home = Files.createTempDirectory("ema-brokers");
		cluster = KafkaCluster.start(KafkaCluster.Layout.onFreePorts(home,
				Path.of("target", "system-logs", "kafka-" + TestNames.shortId()), 3), Map.of());
		bridge = new Bridge(cluster.bootstrapServers(), SharedPostgres.newDatabase(),
				Map.of("ema.worker.replication-factor", "3"));
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
			admin
				.createTopics(
						List.of(new NewTopic(bridge.topic(), 6, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		bridge.startServices();
		bridge.startWorker();
	}

	@AfterAll
	static void stop() throws IOException {
		if (bridge != null) {
			bridge.close();
		}
		if (cluster != null) {
			cluster.close();
		}
		if (home != null) {
			try (var paths = Files.walk(home)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	/**
	 * The leader of most partitions killed and brought back, then the active controller:
	 * sending is spread over about 20 s so that events stream throughout.
	 */
	@Test
	void noAcknowledgedEventIsLostWhileOneBrokerAfterAnotherIsKilled() {
		BrokerOutages outages = new BrokerOutages(cluster, bridge.topic());
		ConvergenceRun run = new ConvergenceRun(bridge).run(ConvergenceTests.seed(), 30,
				paced(Duration.ofMillis(200),
						Map.of(10, () -> outages.killNext(false), 35, outages::restartInBackground, 55,
								() -> outages.killNext(true), 80, outages::restartInBackground)));
		outages.awaitRecovered();

		assertNothingLostAndUnavailableOnlyDuringOutages(run, outages);
	}

	/**
	 * The other side of the promise: with two nodes of three killed only one replica is
	 * left, fewer than {@code min.insync.replicas}, and the gateway acknowledges nothing
	 * (503, the module's call waits); once the nodes are back the same call is taken and
	 * applied. In the slow group: two restarts without a quorum take one to two minutes
	 * on 2 busy cores.
	 */
	@Test
	@Tag("slow")
	void theGatewayAnswers503WhileFewerThanTwoReplicasAreInSync() {
		long seed = ConvergenceTests.seed();
		Random random = new Random(seed);
		History history = History.random(TestNames.serviceId(), random,
				Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(600), null);
		List<Integer> killed = cluster.nodeIds().subList(0, 2);
		killed.forEach(cluster::kill);
		try {
			assertThat(bridge.post(history.sent().get(0).json())).as("answer with one node of three, seed %d", seed)
				.isEqualTo(503);
		}
		finally {
			CompletableFuture
				.allOf(killed.stream()
					.map((id) -> CompletableFuture.runAsync(() -> cluster.restart(id)))
					.toArray(CompletableFuture[]::new))
				.join();
		}
		cluster.awaitFullyReplicated(Duration.ofMinutes(3));

		ConvergenceRun run = new ConvergenceRun(bridge);
		run.send(List.of(history), random, seed);
		run.awaitConverged(List.of(history), Duration.ofMinutes(2), seed);
	}

	/**
	 * The documented long run, every node killed in turn, twice:
	 * {@code ./mvnw -pl system-tests verify -Dgroups=slow -Dtest.excludedGroups= -Dtest=BrokerKillTests}.
	 */
	@Test
	@Tag("slow")
	void manyEventsStreamWhileEveryBrokerIsKilledInTurn() {
		int services = Integer.getInteger("ema.system.services", 150);
		BrokerOutages outages = new BrokerOutages(cluster, bridge.topic());
		ConvergenceRun run = new ConvergenceRun(bridge).run(ConvergenceTests.seed(), services,
				paced(Duration.ofMillis(1200), schedule(outages)));
		outages.awaitRecovered();

		assertNothingLostAndUnavailableOnlyDuringOutages(run, outages);
		assertThat(outages.outages()).hasSize(6);
	}

	private static void assertNothingLostAndUnavailableOnlyDuringOutages(ConvergenceRun run, BrokerOutages outages) {
		outages.report(run).forEach(System.out::println);
		Set<String> onTheTopic = bridge.records()
			.readAll(bridge.topic())
			.stream()
			.map((record) -> record.headers().lastHeader(CloudEventHeaders.ID))
			.filter((header) -> header != null)
			.map(Header::value)
			.map((value) -> new String(value, StandardCharsets.UTF_8))
			.collect(Collectors.toSet());
		assertThat(run.acknowledgements()).as("events acknowledged (202) by the gateway")
			.isNotEmpty()
			.extracting(Acknowledgement::eventId)
			.allMatch(onTheTopic::contains, "is on the lifecycle topic");
		assertThat(run.unavailableAt()).as("503 answers, each while a node was down or catching up")
			.allMatch((at) -> outages.duringAnOutage(at, PUBLISH_TIMEOUT));
	}

	/**
	 * Six outages: a kill every 16 percent from 4 on (the active controller at 20, 52 and
	 * 84), each node restarted 8 percent after its kill.
	 */
	private static Map<Integer, Runnable> schedule(BrokerOutages outages) {
		Map<Integer, Runnable> schedule = new TreeMap<>();
		for (int kill = 4; kill < 96; kill += 16) {
			boolean controller = kill % 32 == 20;
			schedule.put(kill, () -> outages.killNext(controller));
			schedule.put(kill + 8, outages::restartInBackground);
		}
		return schedule;
	}

	/**
	 * Spreads the sending over 100 steps of {@code step} each, so that events keep
	 * arriving while a node is away, and runs each fault once the sending has passed its
	 * percent (a run of fewer than 100 events skips some percents).
	 */
	private static IntConsumer paced(Duration step, Map<Integer, Runnable> faults) {
		long start = System.nanoTime();
		TreeMap<Integer, Runnable> due = new TreeMap<>(faults);
		return (percent) -> {
			long wait = start + percent * step.toNanos() - System.nanoTime();
			if (wait > 0) {
				// pacing a load, not waiting for a condition
				LockSupport.parkNanos(wait);
			}
			while (!due.isEmpty() && due.firstKey() <= percent) {
				due.pollFirstEntry().getValue().run();
			}
		};
	}

}
