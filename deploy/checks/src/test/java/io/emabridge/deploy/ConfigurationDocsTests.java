package io.emabridge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration tables of the READMEs against the configuration metadata the
 * services' builds generate from their {@code @ConfigurationProperties} records (Spring
 * Boot's configuration processor): every property of a module is in its README's table,
 * every property a table names exists, and the default a table gives is the one the
 * service starts with (the record's, or its {@code application.yml}'s where that sets
 * one).
 * <p>
 * A table row may name several properties, {@code `ema.worker.retry.initial` / `max`}: a
 * name without a known root is relative to the parent of the first one, and a trailing
 * {@code *} stands for every property below. Its defaults then follow in the same order,
 * separated the same way. A name with a {@code <key>} part is a property of the entries
 * of a map ({@code ema.archive.accounts.<serverId>.api-key}).
 */
class ConfigurationDocsTests {

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern ROOT = Pattern.compile("^(ema|spring|server|management)\\.");

	/**
	 * Every property of every module: the workers share names ({@code ema.archive.*})
	 * whose defaults may differ.
	 */
	private static final List<Metadata> METADATA = metadata();

	private static final Set<String> NAMES = METADATA.stream()
		.map(Metadata::name)
		.collect(Collectors.toCollection(TreeSet::new));

	static Stream<Arguments> modules() {
		return Stream.of(Arguments.of("whmcs-publisher", "README.md", "io.emabridge.publisher."),
				Arguments.of("provisioning-worker", "provisioning-worker/README.md", "io.emabridge.provisioning."),
				Arguments.of("usage-sync-worker", "usage-sync-worker/README.md", "io.emabridge.usage."),
				Arguments.of("dead-letters", "dead-letters/README.md", "io.emabridge.deadletters."),
				Arguments.of("service-support", "service-support/README.md", "io.emabridge.support."));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("modules")
	void everyPropertyOfTheModuleIsInItsReadme(String module, String readme, String packagePrefix) {
		List<Row> rows = rows(readme);
		List<String> ours = METADATA.stream()
			.filter((property) -> property.sourceType().startsWith(packagePrefix))
			.map(Metadata::name)
			.distinct()
			.sorted()
			.toList();

		assertThat(ours).as("properties of %s (from its configuration metadata)", module).isNotEmpty();
		assertThat(ours.stream().filter((name) -> rows.stream().noneMatch((row) -> row.covers(name))))
			.as("properties of %s missing from the table in %s", module, readme)
			.isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("modules")
	void everyPropertyTheReadmeNamesExists(String module, String readme, String packagePrefix) {
		List<String> unknown = new ArrayList<>();
		for (Row row : rows(readme)) {
			for (String name : row.names()) {
				boolean exists = name.endsWith("*") ? NAMES.stream().anyMatch((known) -> known.startsWith(prefix(name)))
						: NAMES.contains(mapOf(name));
				if (!exists) {
					unknown.add(name);
				}
			}
		}

		assertThat(unknown).as("properties in the table of %s that no module or library has", readme).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("modules")
	void theDefaultsInTheReadmeAreTheServicesDefaults(String module, String readme, String packagePrefix) {
		Map<String, String> configured = applicationYaml(module);
		List<String> wrong = new ArrayList<>();
		for (Row row : rows(readme)) {
			if (row.defaults().size() != row.names().size()) {
				wrong.add(row.names() + ": " + row.defaults().size() + " default(s) for " + row.names().size()
						+ " properties (separate them as the names are)");
				continue;
			}
			for (int i = 0; i < row.names().size(); i++) {
				String name = row.names().get(i);
				Metadata metadata = metadata(name, packagePrefix);
				if (!name.startsWith("ema.") || metadata == null) {
					continue;
				}
				String expected = configured.getOrDefault(name, metadata.defaultValue());
				if (expected == null || expected.isEmpty() || expected.contains("${")) {
					continue;
				}
				String documented = row.defaults().get(i).replace("`", "").strip().toLowerCase(Locale.ROOT);
				if (!documented.startsWith(expected.toLowerCase(Locale.ROOT))) {
					wrong.add(name + ": the table says '" + row.defaults().get(i) + "', the service starts with '"
							+ expected + "'");
				}
			}
		}

		assertThat(wrong).as("defaults in the table of %s", readme).isEmpty();
	}

	/** The rows of every table in the file whose first column is headed "property". */
	private static List<Row> rows(String readme) {
		List<Row> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : DeployFiles.read(DeployFiles.REPOSITORY.resolve(readme)).split("\n")) {
			if (!line.startsWith("|")) {
				inTable = false;
				continue;
			}
			List<String> cells = cells(line);
			if (!inTable) {
				inTable = !cells.isEmpty() && cells.get(0).equals("property");
				continue;
			}
			if (cells.get(0).startsWith("---")) {
				continue;
			}
			rows.add(Row.parse(cells));
		}
		assertThat(rows).as("the configuration table of %s", readme).isNotEmpty();
		return rows;
	}

	private static List<String> cells(String line) {
		String inner = line.strip();
		inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
		List<String> cells = new ArrayList<>();
		for (String cell : inner.split("\\|", -1)) {
			cells.add(cell.strip());
		}
		return cells;
	}

	/**
	 * A property of a map's entries, {@code ema.archive.accounts.<serverId>.api-key}, is
	 * the map's ({@code ema.archive.accounts}) in the metadata.
	 */
	private static String mapOf(String name) {
		int key = name.indexOf(".<");
		return (key < 0) ? name : name.substring(0, key);
	}

	private static String prefix(String wildcard) {
		return wildcard.substring(0, wildcard.length() - 1);
	}

	/** The module's property of that name, or another module's (a library's). */
	private static Metadata metadata(String name, String packagePrefix) {
		List<Metadata> named = METADATA.stream().filter((property) -> property.name().equals(name)).toList();
		return named.stream()
			.filter((property) -> property.sourceType().startsWith(packagePrefix))
			.findFirst()
			.orElse(named.isEmpty() ? null : named.get(0));
	}

	/** Every property of every configuration metadata file on the class path. */
	private static List<Metadata> metadata() {
		List<Metadata> properties = new ArrayList<>();
		ObjectMapper json = new ObjectMapper();
		try {
			for (URL url : Collections.list(ConfigurationDocsTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						JsonNode value = property.path("defaultValue");
						String defaultValue = (value.isMissingNode() || value.isNull()) ? null : text(value);
						properties.add(new Metadata(property.path("name").asString(),
								property.path("sourceType").asString(""), defaultValue));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	/** What the module's {@code application.yml} sets, flattened to property names. */
	private static Map<String, String> applicationYaml(String module) {
		Path file = DeployFiles.REPOSITORY.resolve(module).resolve("src/main/resources/application.yml");
		Map<String, String> flat = new LinkedHashMap<>();
		if (Files.exists(file)) {
			flatten("", new YAMLMapper().readTree(DeployFiles.read(file)), flat);
		}
		return flat;
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), into);
			}
		}
		else {
			into.put(prefix, text(node));
		}
	}

	private static String text(JsonNode value) {
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(",", items);
		}
		return value.asString();
	}

	/** One property of the configuration metadata. */
	private record Metadata(String name, String sourceType, String defaultValue) {
	}

	/**
	 * A table row: the property names of its first column, in full, and the defaults of
	 * its second.
	 */
	private record Row(List<String> names, List<String> defaults) {

		static Row parse(List<String> cells) {
			List<String> names = new ArrayList<>();
			String parent = null;
			Matcher matcher = CODE.matcher(cells.get(0));
			while (matcher.find()) {
				String name = matcher.group(1);
				if (ROOT.matcher(name).find()) {
					int last = name.endsWith(".*") ? name.length() - 3 : name.length() - 1;
					parent = name.substring(0, Math.max(0, name.lastIndexOf('.', last)));
					names.add(name);
				}
				else {
					assertThat(parent).as("%s names a property relative to none", cells.get(0)).isNotNull();
					names.add(parent + "." + name);
				}
			}
			assertThat(names).as("row %s names a property", cells).isNotEmpty();
			String separator = cells.get(0).contains(" / ") ? " / " : ", ";
			List<String> defaults = (names.size() == 1) ? List.of(cells.get(1))
					: List.of(cells.get(1).split(Pattern.quote(separator), -1));
			return new Row(List.copyOf(names), defaults);
		}

		boolean covers(String property) {
			return this.names.stream()
				.anyMatch((name) -> name.equals(property) || mapOf(name).equals(property)
						|| (name.endsWith("*") && property.startsWith(prefix(name))));
		}

		@Override
		public String toString() {
			return String.join(", ", new TreeSet<>(this.names));
		}

	}

}
