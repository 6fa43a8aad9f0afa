package io.emabridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import io.emabridge.embedded.LocalKafka;
import io.emabridge.embedded.LocalPostgres;

/**
 * The shared infrastructure of one harness run: a single-node KRaft broker in this JVM
 * and a PostgreSQL server as a child process, both in a temporary folder removed at the
 * end. Benchmarks keep apart by their own topics and databases.
 */
final class Infra implements AutoCloseable {

	private final Path home;

	private final LocalKafka kafka;

	private final LocalPostgres postgres;

	private final AtomicInteger names = new AtomicInteger();

	private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

	private Infra(Path home, LocalKafka kafka, LocalPostgres postgres) {
		this.home = home;
		this.kafka = kafka;
		this.postgres = postgres;
	}

	static Infra start() {
		try {
			Path home = Files.createTempDirectory("ema-bench");
			LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), 0);
			LocalPostgres postgres = LocalPostgres.start(home.resolve("postgres"), 0,
					LocalPostgres.fastUnsafeSettings());
			return new Infra(home, kafka, postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	Path home() {
		return this.home;
	}

	/** A fresh name, unique in this run. */
	String name(String prefix) {
		return prefix + "-" + this.runId + "-" + this.names.incrementAndGet();
	}

	String createTopic(String prefix, int partitions) {
		String topic = name(prefix);
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create topic " + topic, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return topic;
	}

	/** A new, empty database: its JDBC URL (user {@code postgres}, no password). */
	String newDatabase() {
		String name = name("bench").replace('-', '_');
		this.postgres.createDatabase(name);
		return this.postgres.jdbcUrl(name);
	}

	@Override
	public void close() {
		try {
			this.kafka.close();
		}
		finally {
			this.postgres.close();
			deleteQuietly(this.home);
		}
	}

	private static void deleteQuietly(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder: the system cleans it up eventually
		}
	}

}
