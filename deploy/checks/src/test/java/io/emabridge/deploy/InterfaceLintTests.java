package io.emabridge.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} passes Redocly CLI's lint and {@code docs/asyncapi.yaml} the
 * AsyncAPI parser's validation, examples included: the tools and their versions are
 * pinned in {@code docs/lint/package-lock.json}, the rules in
 * {@code docs/lint/redocly.yaml}.
 */
class InterfaceLintTests {

	private static final Path LINT = InterfaceDocs.DOCS.resolve("lint");

	/** Redocly CLI: no usage data sent, no update check. */
	private static final Map<String, String> QUIET = Map.of("REDOCLY_TELEMETRY", "off",
			"REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");

	@BeforeAll
	static void install() {
		Node.assumeInstalled("the lint of the interface descriptions");
		Node.install(LINT);
	}

	@Test
	void openApiDescriptionPassesTheLint() {
		Node.Result result = Node.run(
				List.of("node", "node_modules/@redocly/cli/bin/cli.js", "lint", "--format=stylish", "../openapi.yaml"),
				LINT, QUIET);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("Your API description is valid");
	}

	@Test
	void asyncApiDescriptionIsValid() {
		Node.Result result = Node.run(List.of("node", "validate-asyncapi.mjs", "../asyncapi.yaml"), LINT);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains(" 0 problems");
	}

}
