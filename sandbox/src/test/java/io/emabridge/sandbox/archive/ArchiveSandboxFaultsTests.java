package io.emabridge.sandbox.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ArchiveSandboxFaultsTests {

	private static final String KEY = ArchiveSandboxOptions.DEFAULT_API_KEY;

	private static final String CREATE_ACME = "{\"slug\":\"acme\",\"name\":\"Acme\"}";

	private static ArchiveSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withSeed(7));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
	}

	private static TestHttp.Response createAcme() throws IOException {
		return TestHttp.send("POST", sandbox.tenantsUrl(), KEY, CREATE_ACME);
	}

	@Test
	void latencyDelaysApiResponses() throws IOException {
		sandbox.faults(Faults.none().withLatencyMs(300));

		long started = System.nanoTime();
		TestHttp.Response response = TestHttp.get(sandbox.tenantsUrl(), KEY);
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;

		assertThat(response.status()).isEqualTo(200);
		assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
		assertThat(sandbox.requests().get(0).durationMs()).isGreaterThanOrEqualTo(300);
	}

	@Test
	void errorRateOneFailsEveryRequestWithoutApplyingIt() throws IOException {
		sandbox.faults(Faults.none().withErrorRate(1.0, 500));

		TestHttp.Response response = createAcme();

		assertThat(response.status()).isEqualTo(500);
		assertThat(response.json().get("message").asString()).isEqualTo("Server Error");
		assertThat(sandbox.tenant("acme")).isEmpty();
		assertThat(sandbox.requests()).singleElement().satisfies((r) -> {
			assertThat(r.status()).isEqualTo(500);
			assertThat(r.fault()).isEqualTo("error");
		});
	}

	@Test
	void errorStatusDefaultsTo503() throws IOException {
		sandbox.faults(Faults.none().withErrorRate(1.0));
		TestHttp.Response response = TestHttp.get(sandbox.tenantsUrl(), KEY);
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.json().get("message").asString()).isEqualTo("Service Unavailable");
	}

	@Test
	void rateLimitBurstAnswers429WithRetryAfter() throws IOException {
		sandbox.faults(Faults.none().withRateLimitBurst(2));

		TestHttp.Response first = createAcme();
		TestHttp.Response second = createAcme();
		TestHttp.Response third = createAcme();

		for (TestHttp.Response limited : List.of(first, second)) {
			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(limited.json().has("message")).isTrue();
		}
		assertThat(third.status()).isEqualTo(201);
		assertThat(sandbox.requests()).extracting(RecordedRequest::fault)
			.containsExactly("rate-limit", "rate-limit", null);
	}

	@Test
	void retryAfterIsConfigurable() throws IOException {
		sandbox.faults(Faults.none().withRateLimitBurst(1, 7));
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).headers().firstValue("Retry-After")).hasValue("7");
	}

	@Test
	void droppedConnectionsSurfaceAsIoErrors() {
		sandbox.faults(Faults.none().withDropConnectionRate(1.0));

		assertThatExceptionOfType(IOException.class).isThrownBy(ArchiveSandboxFaultsTests::createAcme);

		assertThat(sandbox.tenant("acme")).isEmpty();
		assertThat(sandbox.requests()).isNotEmpty().allSatisfy((r) -> {
			assertThat(r.status()).isEqualTo(RecordedRequest.DROPPED);
			assertThat(r.dropped()).isTrue();
			assertThat(r.fault()).isEqualTo("drop");
		});
	}

	@Test
	void downAnswers503ToEveryApiRequest() throws IOException {
		sandbox.faults(Faults.none().withDown(true));
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(503);
		assertThat(createAcme().status()).isEqualTo(503);
		assertThat(sandbox.tenant("acme")).isEmpty();
	}

	@Test
	void faultsNeverApplyToControlPaths() throws IOException {
		sandbox
			.faults(Faults.none().withDown(true).withDropConnectionRate(1.0).withErrorRate(1.0).withRateLimitBurst(5));

		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/health").status()).isEqualTo(200);
		assertThat(TestHttp
			.send("POST", sandbox.baseUrl() + "/_sandbox/tenants", null,
					"{\"tenants\":[{\"slug\":\"seeded\",\"name\":\"S\"}]}")
			.status()).isEqualTo(201);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/requests").status()).isEqualTo(200);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/faults").json().get("down").asBoolean()).isTrue();
		assertThat(sandbox.requests()).isEmpty();

		assertThat(TestHttp.send("DELETE", sandbox.baseUrl() + "/_sandbox/faults", null, null).status()).isEqualTo(200);
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/seeded", KEY).status()).isEqualTo(200);
	}

	@Test
	void errorAfterApplyChangesStateButLosesTheAnswer() throws IOException {
		sandbox.faults(Faults.none().withErrorRate(1.0).withErrorAfterApply(true));

		TestHttp.Response response = createAcme();

		assertThat(response.status()).isEqualTo(503);
		assertThat(sandbox.tenant("acme")).isPresent();
		assertThat(sandbox.requests()).singleElement()
			.satisfies((r) -> assertThat(r.fault()).isEqualTo("error-after-apply"));

		sandbox.clearFaults();
		assertThat(createAcme().status()).isEqualTo(422);
	}

	@Test
	void dropAfterApplyChangesStateButClosesTheConnection() {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme"));
		sandbox.faults(Faults.none().withDropConnectionRate(1.0).withErrorAfterApply(true));

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TestHttp.send("PUT", sandbox.tenantsUrl() + "/acme/suspend", KEY, null));

		assertThat(sandbox.tenant("acme").orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(sandbox.requests()).allSatisfy((r) -> assertThat(r.fault()).isEqualTo("drop-after-apply"));
	}

	@Test
	void faultsAreReproducibleWithASeed() throws IOException {
		Faults halfFailing = Faults.none().withErrorRate(0.5).withSeed(42L);
		List<Integer> firstRun = statuses(halfFailing, 30);
		List<Integer> secondRun = statuses(halfFailing, 30);

		assertThat(firstRun).isEqualTo(secondRun).contains(200, 503);
	}

	private static List<Integer> statuses(Faults faults, int count) throws IOException {
		sandbox.faults(faults);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			statuses.add(TestHttp.get(sandbox.tenantsUrl(), KEY).status());
		}
		return statuses;
	}

	@Test
	void faultsCanBeSetOverHttp() throws IOException {
		String faults = sandbox.baseUrl() + "/_sandbox/faults";
		TestHttp.Response set = TestHttp.send("POST", faults, null,
				"{\"latencyMs\":10,\"errorRate\":0.25,\"errorStatus\":502,\"rateLimitBurst\":3,"
						+ "\"retryAfterSeconds\":2,\"dropConnectionRate\":0.1,\"errorAfterApply\":true,\"seed\":9}");

		assertThat(set.status()).isEqualTo(200);
		assertThat(sandbox.faults()).isEqualTo(new Faults(10, 0.25, 502, 3, 2, 0.1, false, true, 9L));
		JsonNode current = TestHttp.get(faults).json();
		assertThat(current.get("rateLimitRemaining").asInt()).isEqualTo(3);
		assertThat(current.get("errorStatus").asInt()).isEqualTo(502);

		assertThat(TestHttp.send("POST", faults, null, "{\"errorRate\":2}").status()).isEqualTo(400);
		assertThat(TestHttp.send("POST", faults, null, "{\"latencyMs\":\"slow\"}").status()).isEqualTo(400);
		assertThat(TestHttp.send("POST", faults, null, "{").status()).isEqualTo(400);

		TestHttp.send("DELETE", faults, null, null);
		assertThat(sandbox.faults().isNone()).isTrue();
	}

	@Test
	void errorsScopedToAPathFailOnlyThatTenant() throws IOException {
		sandbox.seedTenant(KEY, TenantSeed.of("acme-1042", "Acme"));
		sandbox.seedTenant(KEY, TenantSeed.of("beta", "Beta"));
		sandbox.faults(Faults.none().withErrorRate(1.0, 401).withPathContains("/tenants/acme-1042"));

		TestHttp.Response refused = TestHttp.get(sandbox.tenantsUrl() + "/acme-1042", KEY);
		TestHttp.Response refusedSuspend = TestHttp.send("PUT", sandbox.tenantsUrl() + "/acme-1042/suspend", KEY, null);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().get("message").asString()).isEqualTo("Unauthenticated.");
		assertThat(refusedSuspend.status()).isEqualTo(401);
		assertThat(sandbox.tenant("acme-1042").orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/beta", KEY).status()).isEqualTo(200);
		assertThat(TestHttp.send("PUT", sandbox.tenantsUrl() + "/beta/suspend", KEY, null).status()).isEqualTo(200);
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(200);
		assertThat(sandbox.requests())
			.extracting(RecordedRequest::path, RecordedRequest::status, RecordedRequest::fault)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("/api/reseller/tenants/acme-1042", 401, "error"),
					org.assertj.core.groups.Tuple.tuple("/api/reseller/tenants/acme-1042/suspend", 401, "error"),
					org.assertj.core.groups.Tuple.tuple("/api/reseller/tenants/beta", 200, null),
					org.assertj.core.groups.Tuple.tuple("/api/reseller/tenants/beta/suspend", 200, null),
					org.assertj.core.groups.Tuple.tuple("/api/reseller/tenants", 200, null));
	}

	@Test
	void aRateLimitBurstScopedToAPathCountsOnlyThatPath() throws IOException {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme"));
		sandbox.seedTenant(KEY, TenantSeed.of("beta", "Beta"));
		sandbox.faults(Faults.none().withRateLimitBurst(2).withPathContains("/acme"));

		List<Integer> statuses = new ArrayList<>();
		for (String slug : List.of("beta", "beta", "acme", "beta", "acme", "acme")) {
			statuses.add(TestHttp.get(sandbox.tenantsUrl() + "/" + slug, KEY).status());
		}

		assertThat(statuses).containsExactly(200, 200, 429, 200, 429, 200);
	}

	@Test
	void downDropsAndLatencyScopedToAPathSpareOtherPaths() throws IOException {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme"));
		sandbox.seedTenant(KEY, TenantSeed.of("beta", "Beta"));

		sandbox.faults(Faults.none().withDown(true).withPathContains("/acme"));
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/acme", KEY).status()).isEqualTo(503);
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/beta", KEY).status()).isEqualTo(200);

		sandbox.faults(Faults.none().withDropConnectionRate(1.0).withPathContains("/acme"));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TestHttp.get(sandbox.tenantsUrl() + "/acme", KEY));
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/beta", KEY).status()).isEqualTo(200);

		sandbox.clearRequests();
		sandbox.faults(Faults.none().withLatencyMs(1_000).withPathContains("/acme"));
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/beta", KEY).status()).isEqualTo(200);
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/acme", KEY).status()).isEqualTo(200);
		assertThat(sandbox.requests()).extracting(RecordedRequest::durationMs)
			.satisfiesExactly((beta) -> assertThat(beta).isLessThan(1_000),
					(acme) -> assertThat(acme).isGreaterThanOrEqualTo(1_000));
	}

	@Test
	void faultsScopedToAWhmcsActionNeverHitTheArchive() throws IOException {
		sandbox.faults(Faults.none().withDown(true).withAction("OpenTicket"));
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(200);
	}

	@Test
	void aScopeIsSetOverHttpAndBlankMeansEveryRequest() throws IOException {
		String faults = sandbox.baseUrl() + "/_sandbox/faults";
		JsonNode set = TestHttp
			.send("POST", faults, null, "{\"errorRate\":1.0,\"errorStatus\":401,\"pathContains\":\"/acme-1042\"}")
			.json();

		assertThat(set.get("pathContains").asString()).isEqualTo("/acme-1042");
		assertThat(set.get("action").isNull()).isTrue();
		assertThat(sandbox.faults()).isEqualTo(Faults.none().withErrorRate(1.0, 401).withPathContains("/acme-1042"));
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(200);
		assertThat(TestHttp.get(sandbox.tenantsUrl() + "/acme-1042", KEY).status()).isEqualTo(401);

		TestHttp.send("POST", faults, null, "{\"errorRate\":1.0,\"pathContains\":\" \"}");
		assertThat(sandbox.faults().pathContains()).isNull();
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(503);
		assertThat(Faults.none().withPathContains("").appliesTo("/anything", null)).isTrue();
		assertThat(Faults.none().withPathContains("/acme").withPathContains(null)).isEqualTo(Faults.none());
	}

	@Test
	void aRequestWaitingOutItsLatencyIsPendingUntilAnswered() throws Exception {
		sandbox.faults(Faults.none().withLatencyMs(1_000).withPathContains("/slow"));
		CompletableFuture<TestHttp.Response> slow = CompletableFuture.supplyAsync(() -> {
			try {
				return TestHttp.get(sandbox.tenantsUrl() + "/slow", KEY);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sandbox.pendingRequests()).singleElement().satisfies((pending) -> {
				assertThat(pending.method()).isEqualTo("GET");
				assertThat(pending.path()).isEqualTo(ArchiveSandbox.TENANTS_PATH + "/slow");
			}));
		assertThat(sandbox.requests()).isEmpty();
		assertThat(slow.get(5, TimeUnit.SECONDS).status()).isEqualTo(404);
		assertThat(sandbox.pendingRequests()).isEmpty();
		assertThat(sandbox.requests()).hasSize(1);
	}

	/**
	 * The hard quota of the real API, per key and second of the clock: above it a 429
	 * with Retry-After, and another key is not held back by the first one's calls.
	 */
	@Test
	void aHardQuotaAnswers429AboveItsRequestsPerSecondPerKey() throws IOException {
		SteppedClock clock = new SteppedClock(Instant.parse("2026-12-04T10:00:00.100Z"));
		try (ArchiveSandbox limited = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY, "second-key").withClock(clock))) {
			limited.quota(3);
			for (int i = 0; i < 3; i++) {
				assertThat(TestHttp.get(limited.tenantsUrl(), KEY).status()).isEqualTo(200);
			}
			TestHttp.Response over = TestHttp.get(limited.tenantsUrl(), KEY);
			assertThat(over.status()).isEqualTo(429);
			assertThat(over.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(TestHttp.get(limited.tenantsUrl(), "second-key").status()).isEqualTo(200);

			clock.now = clock.now.plusSeconds(1);
			assertThat(TestHttp.get(limited.tenantsUrl(), KEY).status()).isEqualTo(200);
			limited.quota(0);
			for (int i = 0; i < 5; i++) {
				assertThat(TestHttp.get(limited.tenantsUrl(), KEY).status()).isEqualTo(200);
			}
		}
	}

	@Test
	void faultsScopedToABodyHitOnlyTheCreateOfThatTenant() throws IOException {
		sandbox.faults(Faults.none().withErrorRate(1.0, 401).withBodyContains("\"slug\":\"acme\""));

		assertThat(TestHttp.send("POST", sandbox.tenantsUrl(), KEY, "{\"slug\":\"beta\",\"name\":\"Beta\"}").status())
			.isEqualTo(201);
		assertThat(createAcme().status()).isEqualTo(401);
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(200);
		assertThat(sandbox.tenant("acme")).isEmpty();
	}

	@Test
	void aBodyScopeIsSetOverHttp() throws IOException {
		JsonNode set = TestHttp
			.send("POST", sandbox.baseUrl() + "/_sandbox/faults", null,
					"{\"errorRate\":1.0,\"errorStatus\":401,\"bodyContains\":\"acme\"}")
			.json();

		assertThat(set.get("bodyContains").asString()).isEqualTo("acme");
		assertThat(sandbox.faults()).isEqualTo(Faults.none().withErrorRate(1.0, 401).withBodyContains("acme"));
		assertThat(createAcme().status()).isEqualTo(401);
		assertThat(Faults.none().withBodyContains(" ").appliesTo("/anything", null, null)).isTrue();
	}

	@Test
	void startsWithTheFaultsOfItsOptions() throws IOException {
		try (ArchiveSandbox down = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withFaults(Faults.none().withDown(true)))) {
			assertThat(TestHttp.get(down.tenantsUrl(), KEY).status()).isEqualTo(503);
			down.clearFaults();
			assertThat(TestHttp.get(down.tenantsUrl(), KEY).status()).isEqualTo(200);
			down.reset();
			assertThat(TestHttp.get(down.tenantsUrl(), KEY).status()).isEqualTo(503);
		}
	}

	/** A clock the test moves. */
	private static final class SteppedClock extends Clock {

		private volatile Instant now;

		SteppedClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
