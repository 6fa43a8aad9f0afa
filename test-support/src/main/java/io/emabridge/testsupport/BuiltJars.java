package io.emabridge.testsupport;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

import io.emabridge.embedded.ServiceJars;

/**
 * The services' executable jars, for the tests that run a service as a process of its
 * own. The build makes them in {@code package}, before those tests run; a module's tests
 * run alone (without {@code -am}, before any package) find none and are skipped with a
 * warning, unless {@code EMA_REQUIRE_JARS=true} (as in CI) makes that a failure.
 */
public final class BuiltJars {

	private BuiltJars() {
	}

	/**
	 * The module's executable jar; skips the calling test when the build has not made it
	 * and jars are not required.
	 */
	public static Path assumeBuilt(ServiceJars jars, String module) {
		return assumeBuilt(jars, module, Boolean.parseBoolean(System.getenv("EMA_REQUIRE_JARS")));
	}

	static Path assumeBuilt(ServiceJars jars, String module, boolean required) {
		Optional<Path> jar = jars.find(module);
		if (jar.isPresent()) {
			return jar.get();
		}
		String message = "no executable jar of " + module + " (<module>/target/" + module
				+ "-<version>-exec.jar): build it first (./mvnw -DskipTests package); the tests that run it are skipped";
		if (required) {
			throw new AssertionError("EMA_REQUIRE_JARS=true but " + message);
		}
		System.err.println("WARNING: " + message);
		return Assumptions.abort(message);
	}

}
