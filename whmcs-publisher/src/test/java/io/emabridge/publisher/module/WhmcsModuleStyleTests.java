package io.emabridge.publisher.module;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.Phpcs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PHP module and its tests follow PSR-12, with the few exceptions a WHMCS module
 * needs ({@code whmcs/phpcs.xml} says which and why), so a violation fails the build like
 * a Java style violation does. {@code phpcbf} in {@code whmcs} fixes most of them.
 */
class WhmcsModuleStyleTests {

	private static final Path MODULE_ROOT = Path.of("whmcs");

	@Test
	void moduleFollowsPsr12() {
		Phpcs.assumeInstalled();

		Phpcs.Result result = Phpcs.run(List.of("--standard=phpcs.xml", "--report=full"), MODULE_ROOT);

		assertThat(result.passed()).as(result.output()).isTrue();
	}

}
