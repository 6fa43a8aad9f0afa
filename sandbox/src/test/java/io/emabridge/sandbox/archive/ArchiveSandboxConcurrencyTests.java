package io.emabridge.sandbox.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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
	void everyTenantIsListedOnceWhenPagesAreReadConcurrently() throws Exception {
		assertEveryTenantListedOnce(2_000);
	}

	/**
	 * The size the usage collector and the import meet: in the slow group, which
	 * {@code -Dgroups=slow -Dtest.excludedGroups=} runs.
	 */
	@Test
	@Tag("slow")
	void listsOneHundredThousandTenantsInOneThousandPages() throws Exception {
		assertEveryTenantListedOnce(100_000);
	}

	/**
	 * Lists the tenants 100 a page, every page requested at once: each page answers with
	 * the total and the page count, and together they hold every tenant exactly once.
	 */
	private static void assertEveryTenantListedOnce(int tenants) throws Exception {
		sandbox.generateTenants(KEY, tenants, "t");
		int pages = tenants / 100;
		List<Future<JsonNode>> results = new ArrayList<>(pages);
		for (int page = 1; page <= pages; page++) {
			String url = sandbox.tenantsUrl() + "?per_page=100&page=" + page;
			results.add(pool.submit(() -> TestHttp.unchecked(() -> TestHttp.get(url, KEY)).json()));
		}
		List<String> listed = new ArrayList<>(tenants);
		for (Future<JsonNode> result : results) {
			JsonNode body = result.get();
			assertThat(body.at("/meta/total").asInt()).isEqualTo(tenants);
			assertThat(body.at("/meta/last_page").asInt()).isEqualTo(pages);
			assertThat(body.get("data")).hasSize(100);
			body.get("data").forEach((row) -> listed.add(row.get("slug").asString()));
		}

		assertThat(listed).hasSize(tenants).doesNotHaveDuplicates();
		// generated as t-0001 to t-2000, or t-000001 to t-100000
		String last = Integer.toString(tenants);
		assertThat(listed).contains("t-" + "0".repeat(last.length() - 1) + "1", "t-" + last);
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
