package io.emabridge.deploy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.emabridge.testsupport.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus configuration and alert rules: valid, unit-tested, and about
 * metrics that exist.
 */
class PrometheusFilesTests {

	private static final java.nio.file.Path PROMETHEUS = DeployFiles.DEPLOY.resolve("prometheus");

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

}
