package io.emabridge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What a service's own configuration ({@code application.yml}) and code say about its
 * Kafka use: the topics it names, its consumer groups, its switches for creating topics.
 * The manifests are checked against these, so that a topic or group added to a service
 * cannot be forgotten in Kubernetes.
 */
final class ServiceSettings {

	static final List<String> SERVICES = List.of("whmcs-publisher", "provisioning-worker", "usage-sync-worker");

	/**
	 * A listener's group derived from Boot's:
	 * {@code "${spring.kafka.consumer.group-id:…}-suffix"}.
	 */
	private static final Pattern DERIVED_GROUP = Pattern
		.compile("groupId = \"\\$\\{spring\\.kafka\\.consumer\\.group-id(?::[^}]*)?}([^\"]+)\"");

	private final String service;

	private final JsonNode application;

	ServiceSettings(String service) {
		this.service = service;
		this.application = new YAMLMapper().readTree(DeployFiles
			.read(DeployFiles.REPOSITORY.resolve(service).resolve("src/main/resources/application.yml")));
	}

	/** Every topic name under {@code ema.*} ({@code topic}, {@code dlt-topic}, …). */
	Set<String> topics() {
		Set<String> topics = new TreeSet<>();
		collectTopics(this.application.path("ema"), topics);
		return topics;
	}

	/** Boot's consumer group and the groups of listeners that derive theirs from it. */
	Set<String> groups() {
		String group = this.application.path("spring").path("kafka").path("consumer").path("group-id").asString("");
		Set<String> groups = new TreeSet<>();
		if (group.isEmpty()) {
			return groups;
		}
		groups.add(group);
		try (Stream<Path> files = Files.walk(DeployFiles.REPOSITORY.resolve(this.service).resolve("src/main/java"))) {
			files.filter((file) -> file.toString().endsWith(".java")).map(DeployFiles::read).forEach((code) -> {
				Matcher derived = DERIVED_GROUP.matcher(code);
				while (derived.find()) {
					groups.add(group + derived.group(1));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return groups;
	}

	/**
	 * The environment variables that switch off topic creation, by the property they set:
	 * {@code ema.worker.create-topics} is {@code EMA_WORKER_CREATE_TOPICS}.
	 */
	Map<String, String> createTopicsSwitches() {
		Map<String, String> switches = new TreeMap<>();
		this.application.path("ema").properties().forEach((section) -> {
			if (section.getValue().has("create-topics")) {
				String property = "ema." + section.getKey() + ".create-topics";
				switches.put(property, property.toUpperCase().replace('.', '_').replace('-', '_'));
			}
		});
		return switches;
	}

	private static void collectTopics(JsonNode node, Set<String> topics) {
		node.properties().forEach((property) -> {
			JsonNode value = property.getValue();
			if (value.isObject()) {
				collectTopics(value, topics);
			}
			else if (property.getKey().endsWith("topic") && value.isString() && !value.asString().startsWith("${")) {
				topics.add(value.asString());
			}
		});
	}

}
