package io.emabridge.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import io.emabridge.embedded.ServiceJars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A missing service jar skips the tests that run it, unless jars are required (CI), where
 * it fails them.
 */
class BuiltJarsTests {

	@TempDir
	Path checkout;

	@Test
	void aBuiltJarIsFound() throws Exception {
		Path jar = Files.createDirectories(this.checkout.resolve("provisioning-worker/target"))
			.resolve("provisioning-worker-0.1.0-SNAPSHOT-exec.jar");
		Files.writeString(jar, "");

		assertThat(BuiltJars.assumeBuilt(new ServiceJars(this.checkout), "provisioning-worker", true)).isEqualTo(jar);
	}

	@Test
	void aMissingJarSkipsWhenNotRequired() {
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> BuiltJars.assumeBuilt(new ServiceJars(this.checkout), "provisioning-worker", false))
			.withMessageContaining("no executable jar of provisioning-worker")
			.withMessageContaining("./mvnw -DskipTests package");
	}

	@Test
	void aMissingJarFailsWhenRequired() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> BuiltJars.assumeBuilt(new ServiceJars(this.checkout), "whmcs-publisher", true))
			.withMessageStartingWith("EMA_REQUIRE_JARS=true but no executable jar of whmcs-publisher");
	}

}
