package io.emabridge.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the executable jars the build made for each service, in the checkout that this
 * launcher was built from ({@code <module>/target/<module>-<version>-exec.jar}).
 */
public final class ServiceJars {

	private final Path checkout;

	public ServiceJars(Path checkout) {
		this.checkout = checkout;
	}

	/** The checkout that contains the running launcher jar (or classes folder). */
	public static ServiceJars ofRunningCheckout() {
		String given = System.getProperty("ema.checkout");
		if (given != null) {
			return new ServiceJars(Path.of(given));
		}
		// java -jar puts exactly the launcher jar on the class path:
		// deploy/local-stack/target/local-stack.jar
		String first = System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0];
		Path launcher = Path.of(first).toAbsolutePath().normalize();
		Path root = launcher.getParent().getParent().getParent().getParent();
		return new ServiceJars(root);
	}

	public Optional<Path> find(String module) {
		Path target = this.checkout.resolve(module).resolve("target");
		if (!Files.isDirectory(target)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> {
				String name = file.getFileName().toString();
				return name.startsWith(module + "-") && name.endsWith("-exec.jar");
			}).findFirst();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
