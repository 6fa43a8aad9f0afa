package io.emabridge.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import org.testcontainers.DockerClientFactory;

/**
 * Chooses between containers and embedded servers. {@code EMA_TEST_INFRA=embedded} or
 * {@code containers} forces one; by default containers are used only where a Docker
 * engine answers.
 */
final class TestInfrastructure {

	private static Boolean containers;

	private TestInfrastructure() {
	}

	static synchronized boolean useContainers() {
		if (containers == null) {
			String forced = System.getenv().getOrDefault("EMA_TEST_INFRA", "").toLowerCase(Locale.ROOT);
			containers = switch (forced) {
				case "embedded" -> false;
				case "containers" -> true;
				default -> dockerAvailable();
			};
		}
		return containers;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	static void deleteRecursively(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: the folder is in the temporary directory
		}
	}

}
