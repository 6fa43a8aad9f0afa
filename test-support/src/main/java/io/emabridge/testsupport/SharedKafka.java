package io.emabridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

import io.emabridge.embedded.LocalKafka;

/**
 * The one Kafka broker of a test JVM: a Testcontainers broker where a Docker engine runs,
 * otherwise the embedded KRaft broker. Tests share it and keep apart by using their own
 * random topic names.
 */
public final class SharedKafka {

	private static final Logger log = LoggerFactory.getLogger(SharedKafka.class);

	private static volatile String bootstrapServers;

	private SharedKafka() {
	}

	public static String bootstrapServers() {
		if (bootstrapServers == null) {
			synchronized (SharedKafka.class) {
				if (bootstrapServers == null) {
					bootstrapServers = start();
				}
			}
		}
		return bootstrapServers;
	}

	/**
	 * Creates topics (of one partition unless given) and waits until the broker has them.
	 */
	public static void createTopics(Collection<NewTopic> topics) {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
			admin.createTopics(topics).all().get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create topics " + topics, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static void createTopic(String name, int partitions) {
		createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
	}

	private static String start() {
		if (TestInfrastructure.useContainers()) {
			KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
			log.info("Tests use a Kafka container at {}", container.getBootstrapServers());
			return container.getBootstrapServers();
		}
		try {
			var home = Files.createTempDirectory("ema-test-kafka");
			LocalKafka kafka = LocalKafka.start(home, 0);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				kafka.close();
				TestInfrastructure.deleteRecursively(home);
			}, "kafka-embedded-stop"));
			return kafka.bootstrapServers();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
