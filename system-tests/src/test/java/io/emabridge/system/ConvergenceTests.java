package io.emabridge.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.emabridge.embedded.ServiceProcess;
import io.emabridge.sandbox.Faults;
import io.emabridge.testsupport.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise to a reseller, tested the way it is made: random, seeded histories of
 * module calls for many services go through the real gateway, Kafka and worker process
 * into the archive sandbox while things break, and at the end every service's tenant is
 * compared with a model of what WHMCS did: it exists, once, with a slug the rules allow,
 * in the status of the newest event, written back into WHMCS; and nothing was ever
 * deleted. Each run also writes records past the gateway (creates with names it refuses,
 * applied; records that are no events, dead-lettered exactly once) and meets tenants made
 * outside the bridge under slugs its services want (never touched; a service that may not
 * take another slug is parked as {@code slug_taken}). A failing run prints its seed;
 * {@code -Dema.system.seed=<seed>} repeats it.
 */
class ConvergenceTests {

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
	void clearFaults() {
		bridge.archive.clearFaults();
		bridge.whmcs.clearFaults();
		if (bridge.workers().isEmpty()) {
			bridge.startWorker();
		}
	}

	@Test
	void historiesConvergeWhileTheArchiveFailsThrottlesAndDropsConnections() {
		new ConvergenceRun(bridge).run(seed(), 40, (percent) -> {
			switch (percent) {
				case 0 -> bridge.archive.faults(Faults.none().withErrorRate(0.3).withLatencyMs(20));
				case 30 -> bridge.archive.faults(Faults.none().withRateLimitBurst(60, 1).withDropConnectionRate(0.1));
				case 60 -> bridge.archive
					.faults(Faults.none().withErrorRate(0.2).withErrorAfterApply(true).withDropConnectionRate(0.05));
				case 90 -> bridge.archive.faults(Faults.none().withLatencyMs(300));
				default -> {
				}
			}
		});
	}

	@Test
	void historiesConvergeWhenTheWorkerIsKilledMidRun() {
		new ConvergenceRun(bridge).run(seed(), 40, (percent) -> {
			switch (percent) {
				case 0 -> bridge.archive.faults(Faults.none().withLatencyMs(50));
				case 30, 70 -> bridge.killWorkersAndStartOne();
				default -> {
				}
			}
		});
	}

	@Test
	void historiesConvergeWhileWhmcsIsDown() {
		new ConvergenceRun(bridge).run(seed(), 30, (percent) -> {
			if (percent == 0) {
				bridge.whmcs.faults(Faults.none().withDown(true));
			}
			if (percent == 80) {
				bridge.whmcs.clearFaults();
			}
		});
	}

	@Test
	void theRunningServicesMetricsPassPromtool() {
		Promtool.assumeInstalled();
		List<ServiceProcess> services = new ArrayList<>(bridge.workers());
		services.add(bridge.gateway());

		for (ServiceProcess service : services) {
			Promtool.Result result = Promtool.checkOurMetrics(bridge.scrape(service));
			assertThat(result.passed()).as("%s:%n%s", service.name(), result.output()).isTrue();
		}
	}

	/**
	 * The documented long run:
	 * {@code ./mvnw -pl system-tests verify -Dgroups=slow -Dtest.excludedGroups=}. It
	 * writes its figures into {@code docs/reliability.md}, passed or failed.
	 */
	@Test
	@Tag("slow")
	void manySeededHistoriesWithMixedFaults() {
		int rounds = Integer.getInteger("ema.system.rounds", 100);
		int services = Integer.getInteger("ema.system.services", 100);
		long seed = seed();
		ReliabilityPage page = new ReliabilityPage(ReliabilityPage.CONVERGENCE);
		page.whatRan("Rounds", String.format(Locale.ROOT,
				"%,d of %,d services each, one after another on one bridge: one gateway and one worker process at a "
						+ "time (another started after each kill); every quarter of a round the archive gets new "
						+ "random faults (errors up to 30%%, latency up to 100 ms, dropped connections up to 5%%, "
						+ "errors after applying, 429 bursts), and in about half of the rounds the worker is killed "
						+ "halfway; each round's faults are cleared before its end state is compared with the model",
				rounds, services));
		Throwable failure = null;
		try {
			for (int round = 0; round < rounds; round++) {
				long roundSeed = seed + round;
				Random random = new Random(roundSeed);
				new ConvergenceRun(bridge).reportingTo(page::add).run(roundSeed, services, (percent) -> {
					if (percent % 25 == 0) {
						bridge.archive.faults(Faults.none()
							.withErrorRate(random.nextDouble() * 0.3)
							.withLatencyMs(random.nextInt(100))
							.withDropConnectionRate(random.nextDouble() * 0.05)
							.withErrorAfterApply(random.nextBoolean())
							.withRateLimitBurst((random.nextInt(3) == 0) ? 40 : 0, 1));
					}
					if (percent == 50 && random.nextBoolean()) {
						bridge.killWorkersAndStartOne();
					}
				});
				page.writeProgress(round + 1, rounds);
			}
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			page.write(failure);
		}
	}

	static long seed() {
		return Long.getLong("ema.system.seed", ThreadLocalRandom.current().nextLong());
	}

}
