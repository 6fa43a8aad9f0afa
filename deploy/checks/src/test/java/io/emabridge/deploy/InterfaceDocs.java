package io.emabridge.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The interface descriptions in {@code docs/}: {@code openapi.yaml} (HTTP) and
 * {@code asyncapi.yaml} (Kafka), read as trees.
 */
final class InterfaceDocs {

	static final Path DOCS = DeployFiles.REPOSITORY.resolve("docs");

	static final JsonNode OPENAPI = read("openapi.yaml");

	static final JsonNode ASYNCAPI = read("asyncapi.yaml");

	private static final String LOCAL_SCHEMA = "#/components/schemas/";

	private InterfaceDocs() {
	}

	/** A schema of the document's {@code components.schemas}. */
	static JsonNode schema(JsonNode document, String name) {
		JsonNode schema = document.path("components").path("schemas").path(name);
		if (schema.isMissingNode()) {
			throw new AssertionError("no schema " + name + " in components.schemas");
		}
		return schema;
	}

	/**
	 * The property names a schema declares, those of its {@code allOf} members (local
	 * references followed) included.
	 */
	static Set<String> properties(JsonNode document, String name) {
		Set<String> names = new LinkedHashSet<>();
		collect(document, schema(document, name), names);
		return names;
	}

	/** The names a schema lists as required. */
	static Set<String> required(JsonNode document, String name) {
		Set<String> names = new LinkedHashSet<>();
		schema(document, name).path("required").forEach((item) -> names.add(item.asString()));
		return names;
	}

	/** The values of a schema's {@code enum}, {@code null} left out. */
	static List<String> enumValues(JsonNode schema) {
		List<String> values = new ArrayList<>();
		schema.path("enum").forEach((value) -> {
			if (!value.isNull()) {
				values.add(value.asString());
			}
		});
		return values;
	}

	private static void collect(JsonNode document, JsonNode schema, Set<String> names) {
		String ref = schema.path("$ref").asString("");
		if (ref.startsWith(LOCAL_SCHEMA)) {
			collect(document, schema(document, ref.substring(LOCAL_SCHEMA.length())), names);
		}
		names.addAll(schema.path("properties").propertyNames());
		schema.path("allOf").forEach((member) -> collect(document, member, names));
	}

	private static JsonNode read(String file) {
		return new YAMLMapper().readTree(DOCS.resolve(file).toFile());
	}

}
