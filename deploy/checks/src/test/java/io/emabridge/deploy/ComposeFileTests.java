package io.emabridge.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file, checked without Docker: our images are the ones the build makes (Jib,
 * named after the module), every service has a health check, and every file it mounts
 * exists.
 */
class ComposeFileTests {

	private final JsonNode compose = new YAMLMapper()
		.readTree(DeployFiles.read(DeployFiles.DEPLOY.resolve("compose.yaml")));

	@Test
	void ourServicesRunTheImagesTheBuildMakes() {
		for (String module : List.of("whmcs-publisher", "provisioning-worker", "usage-sync-worker", "sandbox")) {
			String image = this.compose.path("services").path(module).path("image").asString();
			assertThat(image).as(module).startsWith("ema-bridge/" + module + ":");
			String pom = DeployFiles.read(DeployFiles.REPOSITORY.resolve(module).resolve("pom.xml"));
			assertThat(pom).as("%s builds an image", module)
				.contains("jib-maven-plugin")
				.contains("jib.container.mainClass");
		}
	}

	@Test
	void everyLongRunningServiceHasAHealthCheck() {
		for (String service : List.of("kafka", "postgres", "whmcs-publisher", "provisioning-worker",
				"usage-sync-worker")) {
			assertThat(this.compose.path("services").path(service).path("healthcheck").path("test").isArray())
				.as(service)
				.isTrue();
		}
	}

	@Test
	void mountedFilesExist() {
		List<String> mounts = new ArrayList<>();
		this.compose.path("services").forEach((service) -> service.path("volumes").forEach((volume) -> {
			String text = volume.asString();
			if (text.startsWith("./")) {
				mounts.add(text.substring(0, text.indexOf(':')));
			}
		}));

		assertThat(mounts).isNotEmpty()
			.allSatisfy(
					(mount) -> assertThat(Files.exists(DeployFiles.DEPLOY.resolve(Path.of(mount)))).as(mount).isTrue());
	}

}
