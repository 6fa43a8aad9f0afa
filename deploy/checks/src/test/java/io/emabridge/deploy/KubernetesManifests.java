package io.emabridge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kustomize overlays of {@code deploy/kubernetes}, rendered once per test run by the
 * kustomize that {@code deploy/kubernetes/validation} pins (its lock file), which also
 * checks every rendered resource against the Kubernetes API's, Strimzi's and the
 * Prometheus Operator's schemas. Needs Node.js and npm (see {@link Node}).
 */
final class KubernetesManifests {

	static final Path KUBERNETES = DeployFiles.DEPLOY.resolve("kubernetes");

	static final List<String> OVERLAYS = List.of("development", "production");

	private static final Path VALIDATION = KUBERNETES.resolve("validation");

	private static final Path RENDERED = Path.of("target", "kubernetes").toAbsolutePath();

	private static Rendering rendering;

	private static AssertionError failure;

	private KubernetesManifests() {
	}

	/**
	 * The overlays as rendered and validated; skips the test where Node.js is missing.
	 */
	static synchronized Rendering rendering() {
		Node.assumeInstalled("the Kubernetes checks");
		if (rendering == null && failure == null) {
			try {
				rendering = render();
			}
			catch (AssertionError ex) {
				failure = ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
		return rendering;
	}

	static Path overlay(String name) {
		return KUBERNETES.resolve("overlays").resolve(name);
	}

	static List<JsonNode> read(String yaml) {
		List<JsonNode> resources = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
			documents.forEachRemaining((document) -> {
				if (document != null && !document.isNull() && !document.isMissingNode()) {
					resources.add(document);
				}
			});
		}
		return resources;
	}

	private static Rendering render() {
		Node.install(VALIDATION);
		deletePreviousRendering();
		List<String> command = new ArrayList<>(List.of("node", "validate.mjs", "--out", RENDERED.toString()));
		OVERLAYS.forEach((name) -> command.add(overlay(name).toString()));
		Node.Result validation = Node.run(command, VALIDATION);
		Map<String, List<JsonNode>> overlays = new LinkedHashMap<>();
		for (String name : OVERLAYS) {
			Path file = RENDERED.resolve(name + ".yaml");
			if (Files.isRegularFile(file)) {
				overlays.put(name, read(DeployFiles.read(file)));
			}
		}
		return new Rendering(validation, overlays);
	}

	private static void deletePreviousRendering() {
		try {
			for (String name : OVERLAYS) {
				Files.deleteIfExists(RENDERED.resolve(name + ".yaml"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The validation's exit code and report, and each overlay's resources.
	 */
	record Rendering(Node.Result validation, Map<String, List<JsonNode>> overlays) {

		Resources of(String overlay) {
			if (!this.overlays.containsKey(overlay)) {
				throw new AssertionError("overlay " + overlay + " was not rendered:\n" + this.validation.output());
			}
			return new Resources(this.overlays.get(overlay));
		}

	}

	/** One overlay's resources, with the look-ups the checks share. */
	record Resources(List<JsonNode> all) {

		List<JsonNode> ofKind(String kind) {
			return this.all.stream().filter((r) -> kind.equals(r.path("kind").asString())).toList();
		}

		JsonNode named(String kind, String name) {
			return ofKind(kind).stream()
				.filter((r) -> name.equals(name(r)))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
		}

		static String name(JsonNode resource) {
			return resource.path("metadata").path("name").asString();
		}

	}

}
