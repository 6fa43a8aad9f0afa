package io.emabridge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.emabridge.testsupport.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus configuration and alert rules: valid, unit-tested, about metrics
 * that exist, with runbooks that exist, and the same in the Prometheus Operator's
 * {@code PrometheusRule} of the Kubernetes base.
 */
class PrometheusFilesTests {

	private static final Path PROMETHEUS = DeployFiles.DEPLOY.resolve("prometheus");

	private static final Path RULES = PROMETHEUS.resolve("rules/ema-alerts.yml");

	private static final Path PROMETHEUS_RULE = DeployFiles.DEPLOY.resolve("kubernetes/base/prometheus-rule.yaml");

	private static final String PROMETHEUS_RULE_HEADER = """
			# Generated from deploy/prometheus/rules/ema-alerts.yml: edit that file, not this one. deploy/checks fails while the
			# two differ, and writes this file as it should be to deploy/checks/target/prometheus-rule.yaml.
			apiVersion: monitoring.coreos.com/v1
			kind: PrometheusRule
			metadata:
			  name: ema-bridge
			  labels:
			    app.kubernetes.io/part-of: ema-bridge
			spec:
			""";

	private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

	@ParameterizedTest
	@ValueSource(strings = { "prometheus.yml", "compose.yml" })
	void scrapeConfigurationIsValid(String file) {
		Promtool.assumeInstalled();

		Promtool.Result result = Promtool.run(List.of("check", "config", file), PROMETHEUS);

		assertThat(result.passed()).as(result.output()).isTrue();
	}

	@Test
	void alertRulesAreValid() {
		Promtool.assumeInstalled();

		Promtool.Result result = Promtool.run(List.of("check", "rules", "rules/ema-alerts.yml"), PROMETHEUS);

		assertThat(result.passed()).as(result.output()).isTrue();
	}

	@Test
	void alertRulesPassTheirUnitTests() {
		Promtool.assumeInstalled();

		Promtool.Result result = Promtool.run(List.of("test", "rules", "tests/ema-alerts.test.yml"), PROMETHEUS);

		assertThat(result.passed()).as(result.output()).isTrue();
	}

	@Test
	void alertRulesUseOnlyMetricsTheServicesRegister() {
		Set<String> used = DeployFiles.ourMetrics(DeployFiles.read(PROMETHEUS.resolve("rules/ema-alerts.yml")));

		assertThat(used).isNotEmpty()
			.allSatisfy((name) -> assertThat(DeployFiles.registeredInCode(name))
				.as("%s is registered by some service", name)
				.isTrue());
	}

	@Test
	void thePrometheusRuleOfTheKubernetesBaseCarriesTheAlertRules() throws IOException {
		String rules = DeployFiles.read(RULES);
		String expected = prometheusRule(rules);
		String actual = DeployFiles.read(PROMETHEUS_RULE);
		if (!actual.equals(expected)) {
			Path regenerated = Path.of("target", "prometheus-rule.yaml");
			Files.createDirectories(regenerated.getParent());
			Files.writeString(regenerated, expected);
		}

		assertThat(actual)
			.as("deploy/kubernetes/base/prometheus-rule.yaml is generated from ema-alerts.yml: copy "
					+ "deploy/checks/target/prometheus-rule.yaml over it")
			.isEqualTo(expected);
		YAMLMapper yaml = new YAMLMapper();
		assertThat(yaml.readTree(actual).path("spec").path("groups")).isEqualTo(yaml.readTree(rules).path("groups"));
	}

	@Test
	void everyAlertHasARunbookInThisRepository() {
		JsonNode groups = new YAMLMapper().readTree(DeployFiles.read(RULES)).path("groups");
		List<String> runbooks = new ArrayList<>();
		groups.forEach((group) -> group.path("rules").forEach((rule) -> {
			String runbook = rule.path("annotations").path("runbook_url").asString("");
			assertThat(runbook).as("runbook_url of %s", rule.path("alert").asString()).isNotEmpty();
			runbooks.add(runbook);
		}));

		assertThat(runbooks).isNotEmpty().allSatisfy((runbook) -> {
			assertThat(runbook).as("a path from the repository's root, for the operator's base").doesNotContain("://");
			String[] fileAndAnchor = runbook.split("#", 2);
			Path file = DeployFiles.REPOSITORY.resolve(fileAndAnchor[0]);
			assertThat(file).as(runbook).isRegularFile();
			assertThat(anchors(DeployFiles.read(file))).as(runbook).contains(fileAndAnchor[1]);
		});
	}

	/**
	 * The rules file's groups under a PrometheusRule's spec, indented, comments and all.
	 */
	static String prometheusRule(String rules) {
		String groups = rules.substring(rules.indexOf("\ngroups:") + 1);
		StringBuilder spec = new StringBuilder(PROMETHEUS_RULE_HEADER);
		groups.lines().forEach((line) -> spec.append(line.isBlank() ? line : "  " + line).append('\n'));
		return spec.toString();
	}

	/** The anchors of a Markdown file's headings, as the usual renderers make them. */
	private static Set<String> anchors(String markdown) {
		Set<String> anchors = new TreeSet<>();
		Matcher heading = HEADING.matcher(markdown);
		while (heading.find()) {
			anchors.add(heading.group(1)
				.trim()
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^\\p{L}\\p{N} _-]", "")
				.replace(' ', '-'));
		}
		return anchors;
	}

}
