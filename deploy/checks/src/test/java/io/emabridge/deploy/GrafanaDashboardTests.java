package io.emabridge.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned Grafana dashboard: well-formed, laid out on the grid, about metrics
 * that exist, and portable: any Prometheus data source (a variable, no uid), any scrape
 * setup (namespace, job and instance variables in every query, our services found by
 * label), any scrape interval ({@code $__rate_interval}).
 */
class GrafanaDashboardTests {

	/** A series selector: a metric name and its matchers. */
	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");

	/** A range: {@code [5m]}, {@code [$__rate_interval]}. */
	private static final Pattern RANGE = Pattern.compile("\\[([^\\]]+)]");

	private static final Path GRAFANA = DeployFiles.DEPLOY.resolve("grafana");

	private final JsonNode dashboard = new ObjectMapper()
		.readTree(DeployFiles.read(GRAFANA.resolve("dashboards/ema-bridge.json")));

	@Test
	void everyPanelQueriesTheDataSourceVariableAndNoneIsNamed() {
		JsonNode variable = variable("datasource");

		assertThat(variable.path("type").asString()).isEqualTo("datasource");
		assertThat(variable.path("query").asString()).isEqualTo("prometheus");
		for (JsonNode panel : panels()) {
			assertThat(panel.path("targets").isEmpty()).as("panel %s has queries", title(panel)).isFalse();
			assertThat(panel.path("datasource").path("uid").asString()).as("data source of panel %s", title(panel))
				.isEqualTo("${datasource}");
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("expr").asString()).as("query of panel %s", title(panel)).isNotBlank();
				assertThat(target.path("datasource").path("uid").asString()).as("query of panel %s", title(panel))
					.isEqualTo("${datasource}");
			}
		}
		List<String> uids = new ArrayList<>();
		this.dashboard.findValues("uid").forEach((uid) -> uids.add(uid.asString()));
		assertThat(uids).as("no data source uid is hard-coded")
			.allMatch((uid) -> uid.equals("${datasource}") || uid.equals(this.dashboard.path("uid").asString()));
	}

	@Test
	void everyQueryIsScopedByTheNamespaceJobAndInstanceVariables() {
		for (String name : List.of("namespace", "job", "instance")) {
			JsonNode variable = variable(name);
			assertThat(variable.path("type").asString()).as(name).isEqualTo("query");
			assertThat(variable.path("datasource").path("uid").asString()).as(name).isEqualTo("${datasource}");
			// "All" must also match series without the label (the local scrape
			// configurations have no namespace)
			assertThat(variable.path("allValue").asString()).as(name).isEqualTo(".*");
		}
		for (String query : queries()) {
			Matcher selector = SELECTOR.matcher(query);
			int selectors = 0;
			while (selector.find()) {
				selectors++;
				String matchers = selector.group(2);
				assertThat(matchers).as(query).contains("namespace=~\"$namespace\"");
				if (!selector.group(1).startsWith("kafka_consumergroup_")) {
					// Kafka Exporter's series are the exporter's, not our services': only
					// the namespace applies
					assertThat(matchers).as(query)
						.contains("app_kubernetes_io_part_of=\"ema-bridge\"", "job=~\"$job\"",
								"instance=~\"$instance\"");
				}
			}
			assertThat(selectors).as(query).isPositive();
		}
	}

	@Test
	void rangesFollowTheScrapeIntervalOrTheTimeRangeNeverAFixedWindow() {
		for (String query : queries()) {
			Matcher range = RANGE.matcher(query);
			while (range.find()) {
				assertThat(range.group(1)).as(query).isIn("$__rate_interval", "$__range");
			}
		}
	}

	@Test
	void panelsHaveUniqueIdsAndFitTheGrid() {
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : this.dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("id of %s is unique", title(panel)).isTrue();
			JsonNode grid = panel.path("gridPos");
			assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of %s", title(panel))
				.isLessThanOrEqualTo(24);
		}
		assertThat(this.dashboard.path("uid").asString()).isEqualTo("ema-bridge");
	}

	@Test
	void queriesUseOnlyMetricsTheServicesRegister() {
		Set<String> used = DeployFiles.ourMetrics(String.join("\n", queries()));

		assertThat(used).isNotEmpty()
			.allSatisfy((name) -> assertThat(DeployFiles.registeredInCode(name))
				.as("%s is registered by some service", name)
				.isTrue());
	}

	private List<String> queries() {
		List<String> queries = new ArrayList<>();
		panels().forEach((panel) -> panel.path("targets").forEach((t) -> queries.add(t.path("expr").asString())));
		return queries;
	}

	private JsonNode variable(String name) {
		for (JsonNode variable : this.dashboard.path("templating").path("list")) {
			if (name.equals(variable.path("name").asString())) {
				return variable;
			}
		}
		throw new AssertionError("the dashboard has no variable " + name);
	}

	private List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		this.dashboard.path("panels").forEach((panel) -> {
			if (!"row".equals(panel.path("type").asString())) {
				panels.add(panel);
			}
		});
		return panels;
	}

	private static String title(JsonNode panel) {
		return panel.path("title").asString();
	}

}
