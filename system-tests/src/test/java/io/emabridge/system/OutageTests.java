package io.emabridge.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.emabridge.embedded.FreePorts;
import io.emabridge.embedded.LocalKafka;
import io.emabridge.embedded.LocalPostgres;
import io.emabridge.testsupport.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker and the database stopped and restarted under the running bridge. While Kafka
 * is away the gateway answers 503 (the module reports the failure and the call is made
 * again later) and acknowledges nothing it could not store; while PostgreSQL is away the
 * worker waits. Afterwards every service converges as if nothing happened. This class
 * runs its own broker and database server, on fixed ports so that they come back where
 * they were.
 */
class OutageTests {

	private static Path home;

	private static int kafkaPort;

	private static int postgresPort;

	private static volatile LocalKafka kafka;

	private static volatile LocalPostgres postgres;

	private static Bridge bridge;

	@BeforeAll
	static void start() throws Exception {
		home = Files.createTempDirectory("ema-outage");
		kafkaPort = FreePorts.pick();
		postgresPort = FreePorts.pick();
		kafka = LocalKafka.start(home.resolve("kafka"), kafkaPort);
		postgres = LocalPostgres.start(home.resolve("postgres"), postgresPort, LocalPostgres.fastUnsafeSettings());
		postgres.createDatabase("ema");
		bridge = new Bridge(kafka.bootstrapServers(),
				new SharedPostgres.Database(postgres.jdbcUrl("ema"), postgres.username(), ""));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(bridge.topic(), 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		bridge.startServices();
	}

	@AfterAll
	static void stop() {
		if (bridge != null) {
			bridge.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void historiesConvergeWhenTheBrokerAndTheDatabaseAreRestartedMidRun() {
		CompletableFuture<?>[] restarts = new CompletableFuture<?>[2];
		ConvergenceRun run = new ConvergenceRun(bridge).run(ConvergenceTests.seed(), 30, (percent) -> {
			if (percent == 25) {
				LocalKafka stopped = kafka;
				stopped.close();
				// back after a while, on the same port and with the same log: what was
				// acknowledged is still there
				restarts[0] = CompletableFuture.runAsync(
						() -> kafka = LocalKafka.start(home.resolve("kafka"), kafkaPort),
						CompletableFuture.delayedExecutor(8, TimeUnit.SECONDS));
			}
			if (percent == 60) {
				restarts[0].join();
				postgres.close();
				restarts[1] = CompletableFuture.runAsync(
						() -> postgres = LocalPostgres.start(home.resolve("postgres"), postgresPort,
								LocalPostgres.fastUnsafeSettings()),
						CompletableFuture.delayedExecutor(8, TimeUnit.SECONDS));
			}
		});
		restarts[1].join();

		assertThat(run.unavailableAnswers()).as("503 answers while the broker was down").isPositive();
	}

}
