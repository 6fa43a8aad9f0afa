package io.emabridge.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file, checked without Docker: our images are the ones the build makes (Jib,
 * named after the module), every image is pinned, every long-running service has a health
 * check, every file it mounts exists, no secret has a default, Grafana lets visitors only
 * look, the Kafka UI only reads, and nothing listens beyond the machine unless the
 * operator says so.
 */
class ComposeFileTests {

	/** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} and kin. */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?:(:?[-?+])([^}]*))?}");

	private static final Pattern SECRET = Pattern.compile("SECRET|TOKEN|PASSWORD|API_KEY|ACCESS_KEY");

	/**
	 * The only credentials with a default: those of the bundled sandboxes, which the
	 * compose file talks to unless the operator points it at a real archive and WHMCS.
	 */
	private static final Map<String, String> SANDBOX_CREDENTIALS = Map.of("EMA_ARCHIVE_API_KEY", "sandbox-key",
			"EMA_WHMCS_SECRET", "sandbox", "EMA_WHMCS_ACCESS_KEY", "sandbox-access-key");

	private static final String BIND_ADDRESS = "${EMA_BIND_ADDRESS:-127.0.0.1}:";

	private final String text = DeployFiles.read(DeployFiles.DEPLOY.resolve("compose.yaml"));

	private final JsonNode compose = new YAMLMapper().readTree(this.text);

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
	void noSecretHasADefault() {
		List<String> defaulted = new ArrayList<>();
		Matcher variable = VARIABLE.matcher(this.text);
		while (variable.find()) {
			String name = variable.group(1);
			boolean hasDefault = variable.group(2) != null && variable.group(2).contains("-");
			if (SECRET.matcher(name).find() && hasDefault && !variable.group(3).equals(SANDBOX_CREDENTIALS.get(name))) {
				defaulted.add(variable.group());
			}
		}

		assertThat(defaulted).isEmpty();
	}

	@Test
	void theGatewaySecretsTheAdminTokenAndThePasswordsAreRequired() {
		List<String> required = List.of("EMA_GATEWAY_SECRETS", "EMA_ADMIN_TOKEN", "EMA_DATABASE_PASSWORD",
				"EMA_GRAFANA_ADMIN_PASSWORD");
		List<String> uses = new ArrayList<>();
		Matcher variable = VARIABLE.matcher(this.text);
		while (variable.find()) {
			if (required.contains(variable.group(1))) {
				uses.add(variable.group());
			}
		}

		assertThat(uses).extracting((use) -> VARIABLE.matcher(use).replaceFirst("$1")).containsAll(required);
		assertThat(uses).allSatisfy((use) -> assertThat(use).matches("\\$\\{[A-Z_]+:\\?.+}"));
		assertThat(this.text).doesNotContain("local-dev-secret").doesNotContain("local-admin-token");
	}

	@Test
	void publishedPortsListenOnLoopbackUnlessTheOperatorSaysOtherwise() {
		List<String> ports = new ArrayList<>();
		this.compose.path("services")
			.properties()
			.forEach((service) -> service.getValue()
				.path("ports")
				.forEach((port) -> ports.add(service.getKey() + " " + port.asString())));

		assertThat(ports).isNotEmpty()
			.allSatisfy((port) -> assertThat(port.substring(port.indexOf(' ') + 1)).as(port)
				.startsWith(BIND_ADDRESS)
				.matches(Pattern.quote(BIND_ADDRESS) + "\\d+:\\d+"));
	}

	@Test
	void grafanaTakesItsAdminPasswordFromTheEnvironmentAndLetsVisitorsOnlyLook() {
		JsonNode environment = service("grafana").path("environment");

		assertThat(environment.path("GF_SECURITY_ADMIN_PASSWORD").asString())
			.startsWith("${EMA_GRAFANA_ADMIN_PASSWORD:?");
		assertThat(environment.path("GF_AUTH_ANONYMOUS_ENABLED").asString()).isEqualTo("true");
		assertThat(environment.path("GF_AUTH_ANONYMOUS_ORG_ROLE").asString()).isEqualTo("Viewer");
		assertThat(environment.path("GF_USERS_ALLOW_SIGN_UP").asString()).isEqualTo("false");
	}

	@Test
	void theKafkaUiBrowsesTheComposeBrokerReadOnly() {
		JsonNode kafkaUi = service("kafka-ui");

		assertThat(kafkaUi.path("image").asString()).matches("ghcr\\.io/kafbat/kafka-ui:v\\d+\\.\\d+\\.\\d+");
		assertThat(kafkaUi.path("environment").path("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS").asString())
			.isEqualTo("kafka:9092");
		assertThat(kafkaUi.path("environment").path("KAFKA_CLUSTERS_0_READONLY").asString()).isEqualTo("true");
		assertThat(kafkaUi.path("depends_on").path("kafka").path("condition").asString()).isEqualTo("service_healthy");
		assertThat(kafkaUi.path("ports")).isNotEmpty();
	}

	@Test
	void everyImageIsPinnedToAVersion() {
		this.compose.path("services").properties().forEach((service) -> {
			String image = service.getValue().path("image").asString();
			assertThat(image).as(service.getKey()).matches(".+:[^:/]+").doesNotEndWith(":latest");
		});
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

	private JsonNode service(String name) {
		JsonNode service = this.compose.path("services").path(name);
		assertThat(service.isObject()).as("service %s", name).isTrue();
		return service;
	}

}
