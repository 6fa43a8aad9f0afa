package io.emabridge.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned Grafana dashboard: well-formed, laid out on the grid, and about metrics
 * that exist.
 */
class GrafanaDashboardTests {

	private static final Path GRAFANA = DeployFiles.DEPLOY.resolve("grafana");

	private final JsonNode dashboard = new ObjectMapper()
		.readTree(DeployFiles.read(GRAFANA.resolve("dashboards/ema-bridge.json")));

	@Test
	void everyPanelQueriesTheProvisionedDataSource() {
		String provisioned = DeployFiles.read(GRAFANA.resolve("provisioning/datasources/prometheus.yaml"));

		for (JsonNode panel : panels()) {
			assertThat(panel.path("targets").isEmpty()).as("panel %s has queries", title(panel)).isFalse();
			String uid = panel.path("datasource").path("uid").asString();
			assertThat(provisioned).as("data source of panel %s", title(panel)).contains("uid: " + uid);
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("expr").asString()).as("query of panel %s", title(panel)).isNotBlank();
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
		StringBuilder queries = new StringBuilder();
		panels().forEach((panel) -> panel.path("targets")
			.forEach((t) -> queries.append(t.path("expr").asString()).append('\n')));
		Set<String> used = DeployFiles.ourMetrics(queries.toString());

		assertThat(used).isNotEmpty()
			.allSatisfy((name) -> assertThat(DeployFiles.registeredInCode(name))
				.as("%s is registered by some service", name)
				.isTrue());
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
