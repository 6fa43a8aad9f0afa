package io.emabridge.system;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.emabridge.embedded.ServiceProcess;
import io.emabridge.sandbox.whmcs.WhmcsActivity;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 9's "a fault of the whole installation is one operator problem", end to end:
 * the reseller API key is revoked at the archive while services are due. The worker
 * pauses every service instead of dead-lettering them one by one, tells WHMCS once about
 * the installation, probes the key every {@code ema.archive.key-check.probe-interval} (30
 * s, the default), and once the key is restored every service converges, with no dead
 * letter at all. A run prints its seed; {@code -Dema.system.seed=<seed>} repeats it.
 */
class KeyRevokedTests {

	private static final String PAUSED = "Easy Mail Archive: every service paused (archive_key_refused)";

	private static final String RESUMED = "Easy Mail Archive: every service resumed";

	private static Bridge bridge;

	@BeforeAll
	static void startBridge() {
		bridge = new Bridge();
	}

	@AfterAll
	static void stopBridge() {
		if (bridge != null) {
			bridge.close();
		}
	}

	@AfterEach
	void restoreKey() {
		bridge.archive.restoreKey(Bridge.ARCHIVE_API_KEY);
	}

	@Test
	void servicesDueWhileTheKeyIsRevokedWaitWithOneNoticeAndNoDeadLettersThenConverge() {
		revokedKeyRun(50, Duration.ofSeconds(30), Duration.ofMinutes(1), null);
	}

	/**
	 * The figure of the issue: 500 services due while the key is revoked for 10 minutes
	 * (about 11 minutes): {@code ./mvnw -pl system-tests -am verify
	 * -Dtest=KeyRevokedTests -Dgroups=slow -Dtest.excludedGroups=
	 * -Dsurefire.failIfNoSpecifiedTests=false}. It prints how long after the key's return
	 * every service had converged, and writes its figures into
	 * {@code docs/reliability.md}, passed or failed.
	 */
	@Test
	@Tag("slow")
	void fiveHundredServicesDueWhileTheKeyIsRevokedForTenMinutes() {
		ReliabilityPage page = new ReliabilityPage(ReliabilityPage.REVOKED_KEY);
		page.whatRan("The key", "the reseller API key revoked at the archive for 10 min while 500 services are due "
				+ "(their module calls sent meanwhile), then restored; one gateway and one worker process, the worker "
				+ "probing the key every 30 s");
		Throwable failure = null;
		try {
			revokedKeyRun(500, Duration.ofMinutes(10), Duration.ofMinutes(3), page);
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			page.write(failure);
		}
	}

	/** The run; its figures go to the page, when there is one. */
	private void revokedKeyRun(int services, Duration revokedFor, Duration convergeWithin, ReliabilityPage page) {
		long seed = ConvergenceTests.seed();
		System.out.println(
				"system revoked-key run: seed " + seed + ", " + services + " services, key revoked for " + revokedFor);
		Random random = new Random(seed);
		Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);
		List<History> histories = new ArrayList<>();
		for (int i = 0; i < services; i++) {
			histories.add(History.random(TestNames.serviceId(), random, start, null));
		}
		ConvergenceRun run = new ConvergenceRun(bridge);
		if (page != null) {
			run.reportingTo(page::add);
		}
		int activityBefore = bridge.whmcs.activityLog().size();

		bridge.archive.revokeKey(Bridge.ARCHIVE_API_KEY);
		Instant revoked = Instant.now();
		run.send(histories, random, seed);
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(bridge.workers())
				.allSatisfy((worker) -> assertThat(bridge.metric(worker, "ema_archive_auth_failing")).isOne()));
		Duration left = revokedFor.minus(Duration.between(revoked, Instant.now()));
		// while the key is refused: every service waits, nothing is dead-lettered,
		// nothing is created, the worker keeps saying why
		await().during(left.isNegative() ? Duration.ZERO : left)
			.atMost(left.plusMinutes(1))
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> {
				run.assertNothingDeadLettered(histories, seed);
				assertThat(histories)
					.noneMatch((h) -> bridge.whmcs.customField(h.serviceId(), ConvergenceRun.WHMCS_SLUG_FIELD)
						.filter((slug) -> !slug.isBlank())
						.isPresent());
				for (ServiceProcess worker : bridge.workers()) {
					assertThat(bridge.metric(worker, "ema_archive_auth_failing")).isOne();
				}
			});

		bridge.archive.restoreKey(Bridge.ARCHIVE_API_KEY);
		Instant restored = Instant.now();
		run.awaitConverged(histories, convergeWithin, seed);
		Duration converged = Duration.between(restored, Instant.now());
		System.out.println("system revoked-key run: seed " + seed + ", " + services + " services converged "
				+ converged.toMillis() + " ms after the key was restored (revoked for "
				+ Duration.between(revoked, restored).toSeconds() + " s)");

		if (page != null) {
			page.finding("installation notices in WHMCS's Activity Log (\"every service paused\")",
					Integer.toString(linesSince(activityBefore, PAUSED).size()), "1");
			page.finding("notices about one service",
					Integer.toString(linesSince(activityBefore, "Easy Mail Archive: service #").size()), "0");
		}
		run.assertNothingDeadLettered(histories, seed);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(linesSince(activityBefore, RESUMED)).hasSize(1));
		assertThat(linesSince(activityBefore, PAUSED)).as("installation notices").hasSize(1);
		assertThat(linesSince(activityBefore, "Easy Mail Archive: service #")).as("notices about one service")
			.isEmpty();
	}

	private static List<WhmcsActivity> linesSince(int before, String prefix) {
		List<WhmcsActivity> log = bridge.whmcs.activityLog();
		return log.subList(before, log.size())
			.stream()
			.filter((line) -> line.description().startsWith(prefix))
			.toList();
	}

}
