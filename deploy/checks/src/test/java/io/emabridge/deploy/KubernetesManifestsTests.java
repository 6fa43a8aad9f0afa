package io.emabridge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.emabridge.model.topic.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests, checked without a cluster: against the Kubernetes API's
 * schemas (a Node.js program, {@code deploy/kubernetes/validation}), Strimzi's KafkaTopic
 * schema, and the rules an operator relies on.
 */
class KubernetesManifestsTests {

	private static final Path KUBERNETES = DeployFiles.DEPLOY.resolve("kubernetes");

	private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|API_KEY|IDENTIFIER).*");

	/** Lifecycle events and dead letters are kept at least this long. */
	private static final Duration A_WEEK = Duration.ofDays(7);

	private static final List<JsonNode> RESOURCES = load();

	@Test
	void manifestsMatchTheKubernetesApiSchemas() {
		Node.assumeInstalled("the Kubernetes schema check");
		Path validation = KUBERNETES.resolve("validation");
		Node.install(validation);

		Node.Result result = Node.run(List.of("node", "validate.mjs", ".."), validation);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains(" 0 problems");
	}

	@Test
	void kafkaTopicsMatchStrimzisSchema() {
		Schema schema = kafkaTopicSchema();
		List<JsonNode> topics = ofKind("KafkaTopic");

		assertThat(topics).isNotEmpty();
		for (JsonNode topic : topics) {
			assertThat(schema.validate(topic)).as("KafkaTopic %s", name(topic)).isEmpty();
		}
	}

	@Test
	void everyTopicOfTheBridgeIsDeclaredWithItsRetentionOrCompaction() {
		Map<String, JsonNode> topics = ofKind("KafkaTopic").stream()
			.collect(Collectors.toMap(KubernetesManifestsTests::name, (t) -> t.path("spec")));

		assertThat(topics).containsOnlyKeys(Topics.LIFECYCLE, Topics.LIFECYCLE_DLT, Topics.TENANT_STATE, Topics.USAGE,
				Topics.USAGE_DLT);
		assertThat(cleanupPolicy(topics.get(Topics.TENANT_STATE))).isEqualTo("compact");
		assertThat(cleanupPolicy(topics.get(Topics.USAGE))).isEqualTo("compact");
		for (String deleted : List.of(Topics.LIFECYCLE, Topics.LIFECYCLE_DLT, Topics.USAGE_DLT)) {
			assertThat(cleanupPolicy(topics.get(deleted))).as(deleted).isEqualTo("delete");
			assertThat(topics.get(deleted).path("config").path("retention.ms").asLong()).as(deleted)
				.isGreaterThanOrEqualTo(A_WEEK.toMillis());
		}
	}

	@Test
	void workersScaleNoFurtherThanTheirTopicsPartitions() {
		Map<String, Integer> partitions = ofKind("KafkaTopic").stream()
			.collect(
					Collectors.toMap(KubernetesManifestsTests::name, (t) -> t.path("spec").path("partitions").asInt()));

		assertThat(maxReplicas("provisioning-worker")).isEqualTo(partitions.get(Topics.LIFECYCLE));
		assertThat(maxReplicas("usage-sync-worker")).isEqualTo(partitions.get(Topics.USAGE));
	}

	@Test
	void containersHaveProbesResourcesAndRunAsNonRoot() {
		List<JsonNode> deployments = ofKind("Deployment");

		assertThat(deployments).extracting(KubernetesManifestsTests::name)
			.containsExactlyInAnyOrder("whmcs-publisher", "provisioning-worker", "usage-sync-worker");
		for (JsonNode deployment : deployments) {
			JsonNode pod = deployment.path("spec").path("template").path("spec");
			assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name(deployment)).isTrue();
			for (JsonNode container : pod.path("containers")) {
				String what = name(deployment) + "/" + container.path("name").asString();
				assertThat(container.path("livenessProbe").path("httpGet").path("path").asString()).as(what)
					.isEqualTo("/actuator/health/liveness");
				assertThat(container.path("readinessProbe").path("httpGet").path("path").asString()).as(what)
					.isEqualTo("/actuator/health/readiness");
				assertThat(container.path("resources").path("requests").path("cpu").isMissingNode()).as(what).isFalse();
				assertThat(container.path("resources").path("limits").path("memory").isMissingNode()).as(what)
					.isFalse();
				assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as(what)
					.isFalse();
			}
		}
	}

	@Test
	void secretsComeOnlyFromSecretReferences() {
		assertThat(ofKind("Secret")).as("no Secret is shipped: operators create it from their vault").isEmpty();
		for (JsonNode config : ofKind("ConfigMap")) {
			config.path("data")
				.propertyNames()
				.forEach((key) -> assertThat(key).as("ConfigMap key").doesNotMatch(SECRET_NAME));
		}
		for (JsonNode deployment : ofKind("Deployment")) {
			for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
				for (JsonNode env : container.path("env")) {
					String variable = env.path("name").asString();
					if (SECRET_NAME.matcher(variable).matches()) {
						assertThat(env.path("value").isMissingNode()).as("%s has no literal value", variable).isTrue();
						assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asString())
							.as("%s comes from a Secret", variable)
							.isEqualTo("ema-bridge-secrets");
					}
				}
			}
		}
	}

	@Test
	void servicesAndAutoscalersPointAtDeploymentsThatExist() {
		Set<String> deployments = ofKind("Deployment").stream()
			.map(KubernetesManifestsTests::name)
			.collect(Collectors.toSet());

		for (JsonNode service : ofKind("Service")) {
			assertThat(deployments)
				.contains(service.path("spec").path("selector").path("app.kubernetes.io/name").asString());
		}
		for (JsonNode autoscaler : ofKind("HorizontalPodAutoscaler")) {
			assertThat(deployments).contains(autoscaler.path("spec").path("scaleTargetRef").path("name").asString());
		}
	}

	private static int maxReplicas(String deployment) {
		return ofKind("HorizontalPodAutoscaler").stream()
			.filter((hpa) -> deployment.equals(hpa.path("spec").path("scaleTargetRef").path("name").asString()))
			.mapToInt((hpa) -> hpa.path("spec").path("maxReplicas").asInt())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no autoscaler for " + deployment));
	}

	private static String cleanupPolicy(JsonNode spec) {
		return spec.path("config").path("cleanup.policy").asString();
	}

	private static List<JsonNode> ofKind(String kind) {
		return RESOURCES.stream().filter((r) -> kind.equals(r.path("kind").asString())).toList();
	}

	private static String name(JsonNode resource) {
		return resource.path("metadata").path("name").asString();
	}

	private static Schema kafkaTopicSchema() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		try (InputStream in = KubernetesManifestsTests.class
			.getResourceAsStream("/strimzi-kafkatopic-v1beta2.schema.json")) {
			return registry.getSchema(in, InputFormat.JSON);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<JsonNode> load() {
		YAMLMapper yaml = new YAMLMapper();
		List<JsonNode> resources = new ArrayList<>();
		try (Stream<Path> files = Files.list(KUBERNETES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
					documents.forEachRemaining((document) -> {
						if (document != null && !document.isNull() && !document.isMissingNode()) {
							resources.add(document);
						}
					});
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return resources;
	}

}
