package io.emabridge.provisioning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.provisioning.archive.ArchiveAccounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Instances that share a reseller key share its rate: three workers configured at 50/s
 * take 17, 17 and 16, and the two left take 25 each once one stops.
 */
class SharedQuotaTests extends WorkerIntegrationTests {

	@Test
	void workersOnOneKeySplitItsRateAndTakeOverTheShareOfOneThatStops() {
		Map<String, Object> settings = Map.of("ema.archive.rate-limit.requests-per-second", 50,
				"ema.archive.rate-limit.share-interval", "200ms");
		ConfigurableApplicationContext first = startWorker(settings);
		ConfigurableApplicationContext second = startWorker(settings);
		ConfigurableApplicationContext third = startWorker(settings);

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(ceilings(first, second, third)).containsExactlyInAnyOrder(17, 17, 16));
		stopWorker(third);
		await().atMost(WAIT).untilAsserted(() -> assertThat(ceilings(first, second)).containsExactly(25, 25));
	}

	@Test
	void withSharingOffEachWorkerSendsAtTheWholeRate() {
		Map<String, Object> settings = Map.of("ema.archive.rate-limit.requests-per-second", 50,
				"ema.archive.rate-limit.shared", false);
		ConfigurableApplicationContext first = startWorker(settings);
		ConfigurableApplicationContext second = startWorker(settings);
		assertThat(ceilings(first, second)).containsExactly(50, 50);
	}

	private static List<Integer> ceilings(ConfigurableApplicationContext... workers) {
		return Arrays.stream(workers)
			.map((w) -> w.getBean(ArchiveAccounts.class).defaultAccount().limiter().ceiling())
			.toList();
	}

}
