package io.emabridge.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reliability page without a bridge: the rounds' figures summed into a section, the
 * other runs' sections kept.
 */
class ReliabilityPageTests {

	@TempDir
	Path dir;

	@AfterEach
	void clearProperty() {
		System.clearProperty("ema.system.reliability-page");
	}

	@Test
	void theRoundsAreSummedWithTheirSeedsAndDivergences() {
		ReliabilityPage page = new ReliabilityPage(ReliabilityPage.CONVERGENCE);
		page.add(round(41, 2, List.of()));
		page.add(round(42, 1, List.of("[status of service 7, seed 42] expected: \"active\" but was: \"suspended\"")));

		String section = page.section(null);

		assertThat(section).startsWith("## Seeded histories under mixed faults\n")
			.contains("- Result: **passed**")
			.contains("2 rounds, seeds 41 to 42")
			.contains("`-Dema.system.seed=41` repeats the run")
			.contains("200 services, 300 actions in WHMCS, 360 module calls sent (create 200, suspend 160; 60 of them")
			.contains("Archive faults: 24 of 2,000 archive requests answered with a fault (drop 4, error 20)")
			.contains("Worker kills (`kill -9`, then a new worker): 3, in 2 of 2 rounds")
			.contains("| divergences from the model")
			.contains("the contract says) | 1 | 0 |")
			.contains("| DELETE calls to the archive | 0 | 0 |")
			.contains("- seed 42: [status of service 7, seed 42] expected");
	}

	@Test
	void aRunWritesItsOwnSectionAndKeepsTheOthers() throws Exception {
		Path file = this.dir.resolve("reliability.md");
		System.setProperty("ema.system.reliability-page", file.toString());
		ReliabilityPage revoked = new ReliabilityPage(ReliabilityPage.REVOKED_KEY);
		revoked.finding("notices about one service", "0", "0");
		revoked.write(null);
		String first = Files.readString(file);

		ReliabilityPage convergence = new ReliabilityPage(ReliabilityPage.CONVERGENCE);
		convergence.add(round(7, 0, List.of()));
		convergence.write(new AssertionError("tenants created, seed 7"));
		String second = Files.readString(file);

		assertThat(first).startsWith("# Reliability\n")
			.contains("Not run yet: `./mvnw -B -pl system-tests -am verify -Dtest='ConvergenceTests#")
			.contains("| notices about one service | 0 | 0 |");
		assertThat(second).doesNotContain("Not run yet")
			.contains("- Result: **failed**: java.lang.AssertionError: tenants created, seed 7")
			.contains("| notices about one service | 0 | 0 |");
		assertThat(second.indexOf("## Seeded histories")).isLessThan(second.indexOf("## A revoked key"));
	}

	@Test
	void anEmptyPropertyWritesNothing() {
		System.setProperty("ema.system.reliability-page", "");

		new ReliabilityPage(ReliabilityPage.CONVERGENCE).write(null);

		assertThat(this.dir).isEmptyDirectory();
	}

	private static RunFigures round(long seed, int kills, List<String> divergences) {
		return new RunFigures(seed, 100, 150, Map.of("create", 100, "suspend", 80), 3, 13, 20, 2, 1_000,
				Map.of("error", 10L, "drop", 2L), Map.of(), 0, kills, divergences, 0, 0, 0, 0, 0,
				Duration.ofSeconds(20), Duration.ofSeconds(5));
	}

}
