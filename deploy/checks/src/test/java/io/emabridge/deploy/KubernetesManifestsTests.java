package io.emabridge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

import io.emabridge.deploy.KubernetesManifests.Resources;
import io.emabridge.model.topic.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kustomize overlays, rendered and checked without a cluster: against the Kubernetes
 * API's, Strimzi's, the Prometheus Operator's and KEDA's schemas
 * ({@code deploy/kubernetes/validation}, on Node.js), against our own strict restatement
 * of the Strimzi resources we use, and against the rules an operator relies on: every
 * topic declared, least-privilege Kafka users over TLS, no topic created by a service,
 * the actuator out of the gateway's public Service, disruption budgets, no secret
 * shipped.
 */
class KubernetesManifestsTests {

	static final List<String> OVERLAYS = KubernetesManifests.OVERLAYS;

	private static final Pattern SECRET_NAME = Pattern
		.compile(".*(SECRET|PASSWORD|TOKEN|API_KEY|ACCESS_KEY|IDENTIFIER).*");

	private static final String CLUSTER_CA = "ema-kafka-cluster-ca-cert";

	private static final String MANAGEMENT_PORT = "9000";

	/** Lifecycle events and dead letters are kept at least this long. */
	private static final Duration A_WEEK = Duration.ofDays(7);

	/**
	 * What each service may do in Kafka, and nothing more: topic or group, then
	 * operations.
	 */
	private static final Map<String, Map<String, Set<String>>> ACLS = Map.of("whmcs-publisher",
			Map.of("topic " + Topics.LIFECYCLE, Set.of("Write", "Describe")), "provisioning-worker",
			Map.of("topic " + Topics.LIFECYCLE, Set.of("Read", "Write", "Describe"), "group ema-provisioning-worker",
					Set.of("Read"), "topic " + Topics.LIFECYCLE_DLT, Set.of("Read", "Write", "Describe"),
					"topic " + Topics.TENANT_STATE, Set.of("Write", "Describe"), "topic ema.dead-letters.replayed",
					Set.of("Read", "Write", "Describe")),
			"usage-sync-worker",
			Map.of("topic " + Topics.USAGE, Set.of("Read", "Write", "Describe"), "group ema-usage-sync-worker",
					Set.of("Read"), "topic " + Topics.TENANT_STATE, Set.of("Read", "Describe"),
					"group ema-usage-sync-worker-tenant-state", Set.of("Read"), "topic " + Topics.USAGE_DLT,
					Set.of("Read", "Write", "Describe"), "topic ema.dead-letters.replayed",
					Set.of("Read", "Write", "Describe")));

	@Test
	void overlaysRenderAndMatchTheApiSchemas() {
		Node.Result validation = KubernetesManifests.rendering().validation();

		assertThat(validation.exitCode()).as(validation.output()).isZero();
		assertThat(validation.output()).contains(" 0 problems");
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void kubectlsOwnKustomizeRendersTheSame(String overlay) {
		Resources pinned = resources(overlay);
		Assumptions.assumeTrue(Node.onPath("kubectl"), "kubectl is not installed: its kustomize is not compared");

		Node.Result kubectl = Node.run(List.of("kubectl", "kustomize", KubernetesManifests.overlay(overlay).toString()),
				KubernetesManifests.KUBERNETES);

		assertThat(kubectl.exitCode()).as(kubectl.output()).isZero();
		assertThat(KubernetesManifests.read(kubectl.output())).containsExactlyInAnyOrderElementsOf(pinned.all());
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void strimziResourcesUseTheV1ApiAndOurStrictSchemas(String overlay) {
		Resources resources = resources(overlay);
		Map<String, Schema> schemas = Map.of("KafkaTopic", schema("/strimzi-kafkatopic-v1.schema.json"), "KafkaUser",
				schema("/strimzi-kafkauser-v1.schema.json"));

		for (JsonNode resource : resources.all()) {
			String apiVersion = resource.path("apiVersion").asString();
			String kind = resource.path("kind").asString();
			if (apiVersion.startsWith("kafka.strimzi.io/")) {
				assertThat(apiVersion).as("%s %s", kind, Resources.name(resource)).isEqualTo("kafka.strimzi.io/v1");
			}
			if (schemas.containsKey(kind)) {
				assertThat(schemas.get(kind).validate(resource)).as("%s %s", kind, Resources.name(resource)).isEmpty();
			}
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyTopicTheServicesUseIsDeclaredWithItsRetentionOrCompaction(String overlay) {
		Map<String, JsonNode> topics = resources(overlay).ofKind("KafkaTopic")
			.stream()
			.collect(Collectors.toMap(Resources::name, (t) -> t.path("spec")));
		Set<String> used = new TreeSet<>();
		ServiceSettings.SERVICES.forEach((service) -> used.addAll(new ServiceSettings(service).topics()));

		assertThat(used).contains(Topics.LIFECYCLE, Topics.LIFECYCLE_DLT, Topics.TENANT_STATE, Topics.USAGE,
				Topics.USAGE_DLT, "ema.dead-letters.replayed");
		assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(used);
		for (String compacted : List.of(Topics.TENANT_STATE, Topics.USAGE, "ema.dead-letters.replayed")) {
			assertThat(cleanupPolicy(topics.get(compacted))).as(compacted).isEqualTo("compact");
		}
		for (String deleted : List.of(Topics.LIFECYCLE, Topics.LIFECYCLE_DLT, Topics.USAGE_DLT)) {
			assertThat(cleanupPolicy(topics.get(deleted))).as(deleted).isEqualTo("delete");
			assertThat(topics.get(deleted).path("config").path("retention.ms").asLong()).as(deleted)
				.isGreaterThanOrEqualTo(A_WEEK.toMillis());
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void eachServiceHasAKafkaUserAllowedOnlyItsOwnTopicsAndGroups(String overlay) {
		Resources resources = resources(overlay);

		assertThat(resources.ofKind("KafkaUser")).extracting(Resources::name)
			.containsExactlyInAnyOrder("ema-whmcs-publisher", "ema-provisioning-worker", "ema-usage-sync-worker");
		for (String service : ServiceSettings.SERVICES) {
			JsonNode spec = resources.named("KafkaUser", "ema-" + service).path("spec");
			assertThat(spec.path("authentication").path("type").asString()).as(service).isEqualTo("tls");
			Map<String, Set<String>> acls = new TreeMap<>();
			for (JsonNode acl : spec.path("authorization").path("acls")) {
				JsonNode resource = acl.path("resource");
				assertThat(resource.path("patternType").asString("literal")).as(service).isEqualTo("literal");
				assertThat(acl.path("type").asString("allow")).as(service).isEqualTo("allow");
				Set<String> operations = new TreeSet<>();
				acl.path("operations").forEach((operation) -> operations.add(operation.asString()));
				acls.merge(resource.path("type").asString() + " " + resource.path("name").asString(), operations,
						(a, b) -> {
							a.addAll(b);
							return a;
						});
			}
			assertThat(acls).as(service).isEqualTo(ACLS.get(service));
			Set<String> groups = acls.keySet()
				.stream()
				.filter((key) -> key.startsWith("group "))
				.map((key) -> key.substring("group ".length()))
				.collect(Collectors.toSet());
			assertThat(groups).as("%s's consumer groups", service).isEqualTo(new ServiceSettings(service).groups());
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void servicesReachKafkaOverTlsWithTheClusterCaAndTheirOwnCertificate(String overlay) {
		Resources resources = resources(overlay);
		Map<String, String> config = config(resources);

		assertThat(config).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SSL")
			.containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "ema-kafka-kafka-bootstrap:9093");
		for (String service : ServiceSettings.SERVICES) {
			JsonNode pod = pod(resources.named("Deployment", service));
			Map<String, String> secretVolumes = new TreeMap<>();
			pod.path("volumes")
				.forEach((volume) -> secretVolumes.put(volume.path("secret").path("secretName").asString(),
						volume.path("name").asString()));
			assertThat(secretVolumes).as(service).containsKeys(CLUSTER_CA, "ema-" + service);
			JsonNode container = pod.path("containers").get(0);
			Set<String> mounted = new HashSet<>();
			container.path("volumeMounts").forEach((mount) -> mounted.add(mount.path("name").asString()));
			assertThat(mounted).as(service)
				.contains(secretVolumes.get(CLUSTER_CA), secretVolumes.get("ema-" + service));
			assertThat(secretRef(container, "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD")).as(service)
				.isEqualTo(CLUSTER_CA + "/ca.password");
			assertThat(secretRef(container, "SPRING_KAFKA_SSL_KEY_STORE_PASSWORD")).as(service)
				.isEqualTo("ema-" + service + "/user.password");
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void noServiceCreatesTopics(String overlay) {
		Map<String, String> config = config(resources(overlay));

		for (String service : ServiceSettings.SERVICES) {
			Map<String, String> switches = new ServiceSettings(service).createTopicsSwitches();
			assertThat(switches).as("%s can create topics", service).isNotEmpty();
			switches.forEach((property, variable) -> assertThat(config).as(property).containsEntry(variable, "false"));
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theActuatorListensOnAManagementPortThatNoServiceExposes(String overlay) {
		Resources resources = resources(overlay);

		assertThat(config(resources)).containsEntry("MANAGEMENT_SERVER_PORT", MANAGEMENT_PORT)
			.containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS", "true");
		for (String service : ServiceSettings.SERVICES) {
			JsonNode container = pod(resources.named("Deployment", service)).path("containers").get(0);
			assertThat(port(container, "management")).as(service).isEqualTo(MANAGEMENT_PORT);
		}
		for (JsonNode service : resources.ofKind("Service")) {
			for (JsonNode port : service.path("spec").path("ports")) {
				assertThat(List.of(port.path("port").asString(), port.path("targetPort").asString()))
					.as("Service %s", Resources.name(service))
					.doesNotContain(MANAGEMENT_PORT, "management");
			}
		}
		assertThat(resources.named("Service", "whmcs-publisher").path("spec").path("ports"))
			.extracting((port) -> port.path("targetPort").asString())
			.containsExactly("http");
		JsonNode monitor = resources.named("PodMonitor", "ema-bridge").path("spec");
		assertThat(monitor.path("podMetricsEndpoints").get(0).path("port").asString()).isEqualTo("management");
		assertThat(monitor.path("podMetricsEndpoints").get(0).path("path").asString())
			.isEqualTo("/actuator/prometheus");
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void thePodMonitorAndTheRulesAreDeployedAndSelectTheServicesByTheLabelsTheRulesUse(String overlay) {
		Resources resources = resources(overlay);
		JsonNode monitor = resources.named("PodMonitor", "ema-bridge").path("spec");

		assertThat(resources.ofKind("PrometheusRule")).extracting(Resources::name).containsExactly("ema-bridge");
		assertThat(monitor.path("jobLabel").asString()).isEqualTo("app.kubernetes.io/name");
		assertThat(monitor.path("podTargetLabels")).extracting(JsonNode::asString)
			.contains("app.kubernetes.io/part-of", "app.kubernetes.io/name");
		for (String service : ServiceSettings.SERVICES) {
			JsonNode labels = podLabels(resources.named("Deployment", service));
			assertThat(selects(monitor.path("selector"), labels)).as("the PodMonitor selects %s", service).isTrue();
			assertThat(labels.path("app.kubernetes.io/part-of").asString()).isEqualTo("ema-bridge");
			assertThat(labels.path("app.kubernetes.io/name").asString()).isEqualTo(service);
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyServiceHasADisruptionBudgetThatLetsADrainThrough(String overlay) {
		Resources resources = resources(overlay);

		for (String service : ServiceSettings.SERVICES) {
			JsonNode labels = podLabels(resources.named("Deployment", service));
			List<JsonNode> budgets = resources.ofKind("PodDisruptionBudget")
				.stream()
				.filter((pdb) -> selects(pdb.path("spec").path("selector"), labels))
				.toList();
			assertThat(budgets).as(service).hasSize(1);
			assertThat(budgets.get(0).path("spec").path("maxUnavailable").asInt()).as(service).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void workersScaleOnTheirWorkThroughKedaNotOnCpu(String overlay) {
		Resources resources = resources(overlay);
		Schema schema = schema("/keda-scaledobject-v1alpha1.schema.json");
		String namespace = resources.ofKind("Deployment")
			.stream()
			.filter((d) -> Resources.name(d).equals("provisioning-worker"))
			.map((d) -> d.path("metadata").path("namespace").asString())
			.findFirst()
			.orElseThrow();

		for (String worker : List.of("provisioning-worker", "usage-sync-worker")) {
			assertThat(resources.ofKind("HorizontalPodAutoscaler")).as("%s is scaled by its ScaledObject alone", worker)
				.noneMatch((hpa) -> worker.equals(hpa.path("spec").path("scaleTargetRef").path("name").asString()));
			JsonNode scaled = scaledObject(resources, worker);
			assertThat(schema.validate(scaled)).as("ScaledObject %s", worker).isEmpty();
			assertThat(resources.named("Deployment", worker).path("spec").path("replicas").isMissingNode())
				.as("%s: the ScaledObject owns the count", worker)
				.isTrue();
			JsonNode spec = scaled.path("spec");
			assertThat(spec.path("minReplicaCount").asInt()).isLessThanOrEqualTo(spec.path("maxReplicaCount").asInt());
			assertThat(spec.path("fallback").path("replicas").asInt()).as("%s: a fallback count", worker)
				.isBetween(spec.path("minReplicaCount").asInt(), spec.path("maxReplicaCount").asInt());
			assertThat(spec.path("triggers")).as(worker)
				.anyMatch((trigger) -> trigger.path("metricType").asString().equals("AverageValue"))
				.allSatisfy((trigger) -> {
					assertThat(trigger.path("metadata").path("ignoreNullValues").asString())
						.as("%s: a missing series is an error (fallback), not a zero", worker)
						.isEqualTo("false");
					String query = trigger.path("metadata").path("query").asString();
					assertThat(DeployFiles.ourMetrics(query))
						.allSatisfy((name) -> assertThat(DeployFiles.registeredInCode(name))
							.as("%s is registered by some service", name)
							.isTrue());
					if (query.contains("namespace=")) {
						assertThat(query).as("%s: the backlog of this namespace's workers", worker)
							.contains("namespace=\"" + namespace + "\"");
					}
				});
		}
		// the applier claims from the ledger, so every instance works: no partition
		// bound, a backlog bound
		List<String> ledgerQueries = new ArrayList<>();
		scaledObject(resources, "provisioning-worker").path("spec")
			.path("triggers")
			.forEach((trigger) -> ledgerQueries.add(trigger.path("metadata").path("query").asString()));
		assertThat(ledgerQueries).anyMatch((q) -> q.contains("ema_ledger_services_due"))
			.anyMatch((q) -> q.contains("ema_ledger_oldest_due_seconds"));
		// usage writers share ema.usage.v1's partitions: more instances would sit idle
		assertThat(maxReplicaCount(resources, "usage-sync-worker"))
			.isLessThanOrEqualTo(partitions(resources.named("KafkaTopic", Topics.USAGE)));
	}

	@Test
	void theDevelopmentDatabaseTakesEveryConnectionTheWorkersMayOpen() {
		Resources development = resources("development");
		// pool + lock connection per instance, with the services' default pools (README,
		// "Sizing the database connections"), and 8 kept for superusers and operators
		int connections = maxReplicaCount(development, "provisioning-worker") * (23 + 1)
				+ maxReplicaCount(development, "usage-sync-worker") * (12 + 1) + 8;

		assertThat(connections).as("PostgreSQL's default max_connections").isLessThanOrEqualTo(100);
		assertThat(
				pod(development.named("Deployment", "ema-postgres")).path("containers").get(0).path("args").toString())
			.as("the development database keeps PostgreSQL's default max_connections")
			.doesNotContain("max_connections");
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void containersHaveProbesResourcesAndRunAsNonRoot(String overlay) {
		Resources resources = resources(overlay);

		assertThat(resources.ofKind("Deployment")).extracting(Resources::name).containsAll(ServiceSettings.SERVICES);
		for (JsonNode deployment : resources.ofKind("Deployment")) {
			JsonNode pod = pod(deployment);
			assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(Resources.name(deployment))
				.isTrue();
			for (JsonNode container : pod.path("containers")) {
				String what = Resources.name(deployment) + "/" + container.path("name").asString();
				assertThat(container.path("readinessProbe").isObject()).as(what).isTrue();
				assertThat(container.path("livenessProbe").isObject()).as(what).isTrue();
				assertThat(container.path("resources").path("requests").path("cpu").isMissingNode()).as(what).isFalse();
				assertThat(container.path("resources").path("limits").path("memory").isMissingNode()).as(what)
					.isFalse();
				assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as(what)
					.isFalse();
				assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(what)
					.isTrue();
				if (ServiceSettings.SERVICES.contains(Resources.name(deployment))) {
					// Boot's probe groups on the service's own port, not the management
					// port
					assertThat(container.path("livenessProbe").path("httpGet").path("path").asString()).as(what)
						.isEqualTo("/livez");
					assertThat(container.path("readinessProbe").path("httpGet").path("path").asString()).as(what)
						.isEqualTo("/readyz");
					assertThat(container.path("readinessProbe").path("httpGet").path("port").asString()).as(what)
						.isEqualTo("http");
				}
			}
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void secretsComeOnlyFromSecretReferences(String overlay) {
		Resources resources = resources(overlay);
		Set<String> allowed = new TreeSet<>(Set.of("ema-bridge-secrets", CLUSTER_CA));
		resources.ofKind("KafkaUser").forEach((user) -> allowed.add(Resources.name(user)));

		assertThat(resources.ofKind("Secret")).as("no Secret is shipped: operators create it from their vault")
			.isEmpty();
		for (JsonNode config : resources.ofKind("ConfigMap")) {
			config.path("data")
				.propertyNames()
				.forEach((key) -> assertThat(key).as("ConfigMap key").doesNotMatch(SECRET_NAME));
		}
		for (JsonNode deployment : resources.ofKind("Deployment")) {
			for (JsonNode container : pod(deployment).path("containers")) {
				for (JsonNode env : container.path("env")) {
					String variable = env.path("name").asString();
					if (SECRET_NAME.matcher(variable).matches()) {
						assertThat(env.path("value").isMissingNode()).as("%s has no literal value", variable).isTrue();
						assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asString())
							.as("%s comes from a Secret", variable)
							.isIn(allowed);
					}
				}
			}
		}
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void servicesAutoscalersAndConfigurationPointAtWhatExists(String overlay) {
		Resources resources = resources(overlay);
		Set<String> deployments = resources.ofKind("Deployment")
			.stream()
			.map(Resources::name)
			.collect(Collectors.toSet());
		Set<String> configMaps = resources.ofKind("ConfigMap")
			.stream()
			.map(Resources::name)
			.collect(Collectors.toSet());

		for (JsonNode service : resources.ofKind("Service")) {
			assertThat(deployments)
				.contains(service.path("spec").path("selector").path("app.kubernetes.io/name").asString());
		}
		for (JsonNode autoscaler : resources.ofKind("HorizontalPodAutoscaler")) {
			assertThat(deployments).contains(autoscaler.path("spec").path("scaleTargetRef").path("name").asString());
		}
		for (JsonNode scaled : resources.ofKind("ScaledObject")) {
			assertThat(deployments).contains(scaled.path("spec").path("scaleTargetRef").path("name").asString());
		}
		for (JsonNode deployment : resources.ofKind("Deployment")) {
			for (JsonNode container : pod(deployment).path("containers")) {
				container.path("envFrom")
					.forEach((from) -> assertThat(configMaps).as(Resources.name(deployment))
						.contains(from.path("configMapRef").path("name").asString()));
			}
		}
	}

	@Test
	void developmentRunsTheSandboxesAKafkaClusterAndADatabaseAndProductionNone() {
		Resources development = resources("development");
		Resources production = resources("production");

		assertThat(development.ofKind("Deployment")).extracting(Resources::name).contains("sandbox", "ema-postgres");
		assertThat(development.ofKind("Kafka")).extracting(Resources::name).containsExactly("ema-kafka");
		assertThat(config(development)).containsEntry("EMA_ARCHIVE_BASE_URL", "http://sandbox:8090")
			.containsEntry("EMA_WHMCS_URL", "http://sandbox:8091");
		assertThat(production.ofKind("Deployment")).extracting(Resources::name)
			.containsExactlyInAnyOrderElementsOf(ServiceSettings.SERVICES);
		assertThat(production.ofKind("Kafka")).isEmpty();
		assertThat(config(production).get("EMA_ARCHIVE_BASE_URL")).startsWith("https://");
	}

	private static Resources resources(String overlay) {
		return KubernetesManifests.rendering().of(overlay);
	}

	private static Map<String, String> config(Resources resources) {
		List<JsonNode> configs = resources.ofKind("ConfigMap")
			.stream()
			.filter((c) -> Resources.name(c).startsWith("ema-bridge-config"))
			.toList();
		assertThat(configs).hasSize(1);
		Map<String, String> data = new TreeMap<>();
		configs.get(0).path("data").properties().forEach((e) -> data.put(e.getKey(), e.getValue().asString()));
		return data;
	}

	private static JsonNode pod(JsonNode deployment) {
		return deployment.path("spec").path("template").path("spec");
	}

	private static JsonNode podLabels(JsonNode deployment) {
		return deployment.path("spec").path("template").path("metadata").path("labels");
	}

	private static String secretRef(JsonNode container, String variable) {
		for (JsonNode env : container.path("env")) {
			if (variable.equals(env.path("name").asString())) {
				JsonNode ref = env.path("valueFrom").path("secretKeyRef");
				return ref.path("name").asString() + "/" + ref.path("key").asString();
			}
		}
		return null;
	}

	private static String port(JsonNode container, String name) {
		for (JsonNode port : container.path("ports")) {
			if (name.equals(port.path("name").asString())) {
				return port.path("containerPort").asString();
			}
		}
		return null;
	}

	/** Whether a label selector (matchLabels and In expressions) selects these labels. */
	private static boolean selects(JsonNode selector, JsonNode labels) {
		List<Boolean> matches = new ArrayList<>();
		selector.path("matchLabels")
			.properties()
			.forEach((e) -> matches.add(e.getValue().asString().equals(labels.path(e.getKey()).asString(null))));
		for (JsonNode expression : selector.path("matchExpressions")) {
			Set<String> values = new HashSet<>();
			expression.path("values").forEach((v) -> values.add(v.asString()));
			assertThat(expression.path("operator").asString()).isEqualTo("In");
			matches.add(values.contains(labels.path(expression.path("key").asString()).asString(null)));
		}
		return !matches.isEmpty() && !matches.contains(false);
	}

	private static JsonNode scaledObject(Resources resources, String deployment) {
		List<JsonNode> scaled = resources.ofKind("ScaledObject")
			.stream()
			.filter((so) -> deployment.equals(so.path("spec").path("scaleTargetRef").path("name").asString()))
			.toList();
		assertThat(scaled).as("one ScaledObject for %s", deployment).hasSize(1);
		return scaled.get(0);
	}

	private static int maxReplicaCount(Resources resources, String deployment) {
		return scaledObject(resources, deployment).path("spec").path("maxReplicaCount").asInt();
	}

	private static int partitions(JsonNode topic) {
		return topic.path("spec").path("partitions").asInt();
	}

	private static String cleanupPolicy(JsonNode spec) {
		return spec.path("config").path("cleanup.policy").asString();
	}

	private static Schema schema(String resource) {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		try (InputStream in = KubernetesManifestsTests.class.getResourceAsStream(resource)) {
			return registry.getSchema(in, InputFormat.JSON);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
