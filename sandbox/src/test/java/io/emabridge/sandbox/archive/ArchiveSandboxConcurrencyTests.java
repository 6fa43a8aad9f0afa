package io.emabridge.sandbox.archive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveSandboxConcurrencyTests {

	private static final String KEY = "key-a";

	private static final String OTHER_KEY = "key-b";

	private static ArchiveSandbox sandbox;

	private static ExecutorService pool;

	@BeforeAll
	static void start() {
		sandbox = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY, OTHER_KEY));
		pool = Executors.newFixedThreadPool(32);
	}

	@AfterAll
	static void stop() {
		pool.shutdownNow();
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
	}

	@Test
	void exactlyOneConcurrentCreateOfTheSameSlugWins() throws Exception {
		for (int round = 0; round < 5; round++) {
			String slug = "race-" + round;
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				String key = (i % 2 == 0) ? KEY : OTHER_KEY;
				results.add(pool.submit(() -> {
					go.await();
					return TestHttp
						.unchecked(() -> TestHttp.send("POST", sandbox.tenantsUrl(), key,
								"{\"slug\":\"" + slug + "\",\"name\":\"Race\"}"))
						.status();
				}));
			}
			go.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
			assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
			assertThat(statuses).filteredOn((status) -> status == 422).hasSize(31);
			assertThat(sandbox.allTenants()).filteredOn((t) -> t.slug().equals(slug)).hasSize(1);
		}
	}

	@Test
	void listsOneHundredThousandTenantsInOneThousandPages() throws Exception {
		sandbox.generateTenants(KEY, 100_000, "t");
		int pages = 1_000;
		List<Future<JsonNode>> results = new ArrayList<>(pages);
		long started = System.nanoTime();
		for (int page = 1; page <= pages; page++) {
			String url = sandbox.tenantsUrl() + "?per_page=100&page=" + page;
			results.add(pool.submit(() -> TestHttp.unchecked(() -> TestHttp.get(url, KEY)).json()));
		}
		Set<String> slugs = new HashSet<>();
		for (Future<JsonNode> result : results) {
			JsonNode body = result.get();
			assertThat(body.at("/meta/total").asInt()).isEqualTo(100_000);
			assertThat(body.at("/meta/last_page").asInt()).isEqualTo(pages);
			body.get("data").forEach((row) -> slugs.add(row.get("slug").asString()));
		}
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;

		assertThat(slugs).hasSize(100_000).contains("t-000001", "t-100000");
		assertThat(elapsedMs).as("1,000 pages took %d ms", elapsedMs).isLessThan(20_000);
	}

	@Test
	void concurrentMixedTrafficKeepsTheStateConsistent() throws Exception {
		sandbox.generateTenants(KEY, 200, "m");
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			int n = i;
			results.add(pool.submit(() -> TestHttp.unchecked(() -> switch (n % 4) {
				case 0 ->
					TestHttp.send("POST", sandbox.tenantsUrl(), KEY, "{\"slug\":\"new-" + n + "\",\"name\":\"New\"}");
				case 1 -> TestHttp.send("PUT",
						sandbox.tenantsUrl() + "/m-" + String.format("%03d", 1 + n % 200) + "/suspend", KEY, null);
				case 2 -> TestHttp.get(sandbox.tenantsUrl() + "?per_page=100&page=2", KEY);
				default -> TestHttp.send("DELETE", sandbox.tenantsUrl() + "/m-" + String.format("%03d", 1 + n % 200),
						KEY, null);
			}).status()));
		}
		for (Future<Integer> result : results) {
			assertThat(result.get()).isIn(200, 201, 404);
		}
		long visible = sandbox.allTenants().stream().filter((t) -> !t.deleted()).count();
		assertThat(sandbox.tenants(KEY)).hasSize((int) visible);
		assertThat(sandbox.allTenants()).hasSize(300);
	}

}
