package io.emabridge.sandbox.archive;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ArchiveSandboxTests {

	private static final String KEY = "sandbox-key";

	private static final String OTHER_KEY = "other-reseller-key";

	private static ArchiveSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY, OTHER_KEY));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
	}

	private static String url(String path) {
		return sandbox.tenantsUrl() + path;
	}

	private static TestHttp.Response create(String key, String slug, String name) throws IOException {
		return TestHttp.send("POST", sandbox.tenantsUrl(), key,
				"{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}");
	}

	@Test
	void startsOnAFreePortWithBaseUrl() {
		assertThat(sandbox.port()).isPositive();
		assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
		assertThat(sandbox.tenantsUrl()).endsWith("/api/reseller/tenants");
	}

	@Test
	void createsATenant() throws IOException {
		TestHttp.Response response = TestHttp.send("POST", sandbox.tenantsUrl(), KEY,
				"{\"slug\":\"acme-corp\",\"name\":\"Acme Corporation\",\"admin_email\":\"it@acme.example\","
						+ "\"admin_name\":\"Ada\",\"plan\":\"business\"}");

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode data = response.json().get("data");
		assertThat(data.get("slug").asString()).isEqualTo("acme-corp");
		assertThat(data.get("name").asString()).isEqualTo("Acme Corporation");
		assertThat(data.get("status").asString()).isEqualTo("active");
		// the reference shape has no URL: the client builds it from the reseller's base
		// domain
		assertThat(data.has("url")).isFalse();
		assertThat(Instant.parse(data.get("created_at").asString())).isBeforeOrEqualTo(Instant.now());

		ArchiveTenant tenant = sandbox.tenant("acme-corp").orElseThrow();
		assertThat(tenant.status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(tenant.apiKeyId()).isEqualTo(ArchiveSandbox.keyId(KEY));
		assertThat(tenant.plan()).isEqualTo("business");
		assertThat(tenant.adminEmail()).isEqualTo("it@acme.example");
		assertThat(tenant.adminName()).isEqualTo("Ada");
	}

	@Test
	void baseDomainIsConfigurable() throws IOException {
		try (ArchiveSandbox custom = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withBaseDomain("archive.reseller.example"))) {
			TestHttp.send("POST", custom.tenantsUrl(), KEY, "{\"slug\":\"acme\",\"name\":\"Acme\"}");
			assertThat(custom.tenant("acme").orElseThrow().url()).isEqualTo("https://acme.archive.reseller.example");
		}
	}

	@Test
	void theOverviewShapeTakesTheCompanyAndAdminAndAnswersTheUrlWithoutAWrapper() throws IOException {
		try (ArchiveSandbox overview = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withApiKeys(KEY)
			.withCreateShape(ArchiveSandboxOptions.CreateShape.OVERVIEW))) {
			TestHttp.Response chosen = TestHttp.send("POST", overview.tenantsUrl(), KEY,
					"{\"company_name\":\"Acme Corporation\",\"admin_email\":\"it@acme.example\","
							+ "\"admin_name\":\"Ada\",\"plan\":\"business\"}");
			assertThat(chosen.status()).isEqualTo(201);
			assertThat(chosen.json().has("data")).isFalse();
			assertThat(chosen.json().get("slug").asString()).isEqualTo("acme-corporation");
			assertThat(chosen.json().get("url").asString()).isEqualTo("https://acme-corporation.archive.example.test");
			assertThat(chosen.json().get("status").asString()).isEqualTo("active");

			TestHttp.Response again = TestHttp.send("POST", overview.tenantsUrl(), KEY,
					"{\"company_name\":\"Acme Corporation\",\"admin_email\":\"it@acme.example\","
							+ "\"admin_name\":\"Ada\"}");
			assertThat(again.json().get("slug").asString()).isEqualTo("acme-corporation-2");

			TestHttp.Response sent = TestHttp.send("POST", overview.tenantsUrl(), KEY,
					"{\"slug\":\"acme\",\"name\":\"Acme\",\"company_name\":\"Acme\","
							+ "\"admin_email\":\"it@acme.example\",\"admin_name\":\"Ada\"}");
			assertThat(sent.json().get("slug").asString()).isEqualTo("acme");
		}
	}

	@Test
	void theOverviewShapeRefusesACreateWithoutCompanyOrAdmin() throws IOException {
		try (ArchiveSandbox overview = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withApiKeys(KEY)
			.withCreateShape(ArchiveSandboxOptions.CreateShape.OVERVIEW))) {
			TestHttp.Response refused = TestHttp.send("POST", overview.tenantsUrl(), KEY,
					"{\"slug\":\"acme\",\"name\":\"Acme\"}");
			assertThat(refused.status()).isEqualTo(422);
			assertThat(refused.json().get("errors").has("company_name")).isTrue();
			assertThat(refused.json().get("errors").has("admin_email")).isTrue();
			assertThat(refused.json().get("errors").has("admin_name")).isTrue();
			assertThat(overview.tenants(KEY)).isEmpty();
		}
	}

	@Test
	void showsOneTenantWithUsage() throws IOException {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme").withUsage(12, 3_000_000_000L, 45_678));

		TestHttp.Response response = TestHttp.get(url("/acme"), KEY);

		assertThat(response.status()).isEqualTo(200);
		JsonNode data = response.json().get("data");
		assertThat(data.get("slug").asString()).isEqualTo("acme");
		assertThat(data.get("name").asString()).isEqualTo("Acme");
		assertThat(data.get("status").asString()).isEqualTo("active");
		assertThat(data.get("users_count").asLong()).isEqualTo(12);
		assertThat(data.get("storage_bytes").asLong()).isEqualTo(3_000_000_000L);
		assertThat(data.get("messages_count").asLong()).isEqualTo(45_678);
		assertThat(data.get("url").asString()).isEqualTo("https://acme.archive.example.test");
		assertThat(data.has("created_at")).isTrue();
	}

	@Test
	void showsUsage() throws IOException {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme"));
		sandbox.setUsage("acme", 7, 1024, 99);

		TestHttp.Response response = TestHttp.get(url("/acme/usage"), KEY);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("data").properties()).hasSize(3);
		assertThat(response.json().at("/data/users_count").asLong()).isEqualTo(7);
		assertThat(response.json().at("/data/storage_bytes").asLong()).isEqualTo(1024);
		assertThat(response.json().at("/data/messages_count").asLong()).isEqualTo(99);
	}

	@Test
	void listsTheKeysTenantsInCreationOrder() throws IOException {
		create(KEY, "bravo", "Bravo");
		create(KEY, "alpha", "Alpha");
		create(OTHER_KEY, "charlie", "Charlie");
		sandbox.setUsage("alpha", 3, 300, 30);

		JsonNode body = TestHttp.get(sandbox.tenantsUrl(), KEY).json();

		assertThat(body.get("data")).extracting((row) -> row.get("slug").asString()).containsExactly("bravo", "alpha");
		JsonNode alpha = body.get("data").get(1);
		assertThat(alpha.get("users_count").asLong()).isEqualTo(3);
		assertThat(alpha.get("storage_bytes").asLong()).isEqualTo(300);
		assertThat(alpha.get("messages_count").asLong()).isEqualTo(30);
		assertThat(alpha.get("status").asString()).isEqualTo("active");
		assertThat(alpha.has("created_at")).isTrue();
		assertThat(alpha.has("name")).isTrue();
		assertThat(body.at("/meta/current_page").asInt()).isEqualTo(1);
		assertThat(body.at("/meta/last_page").asInt()).isEqualTo(1);
		assertThat(body.at("/meta/per_page").asInt()).isEqualTo(50);
		assertThat(body.at("/meta/total").asInt()).isEqualTo(2);
		assertThat(sandbox.tenants(KEY)).extracting(ArchiveTenant::slug).containsExactly("bravo", "alpha");
	}

	@Test
	void listsAnEmptyAccount() throws IOException {
		JsonNode body = TestHttp.get(sandbox.tenantsUrl(), KEY).json();
		assertThat(body.get("data").size()).isZero();
		assertThat(body.at("/meta/total").asInt()).isZero();
		assertThat(body.at("/meta/last_page").asInt()).isEqualTo(1);
	}

	@Test
	void paginatesOverSeveralPages() throws IOException {
		sandbox.generateTenants(KEY, 120, "t");

		JsonNode first = TestHttp.get(url("?page=1&per_page=50"), KEY).json();
		JsonNode second = TestHttp.get(url("?page=2&per_page=50"), KEY).json();
		JsonNode last = TestHttp.get(url("?page=3&per_page=50"), KEY).json();
		JsonNode beyond = TestHttp.get(url("?page=4&per_page=50"), KEY).json();

		assertThat(first.get("data").size()).isEqualTo(50);
		assertThat(first.at("/data/0/slug").asString()).isEqualTo("t-001");
		assertThat(second.at("/data/0/slug").asString()).isEqualTo("t-051");
		assertThat(last.get("data").size()).isEqualTo(20);
		assertThat(last.at("/data/19/slug").asString()).isEqualTo("t-120");
		assertThat(beyond.get("data").size()).isZero();
		for (JsonNode page : List.of(first, second, last, beyond)) {
			assertThat(page.at("/meta/last_page").asInt()).isEqualTo(3);
			assertThat(page.at("/meta/total").asInt()).isEqualTo(120);
			assertThat(page.at("/meta/per_page").asInt()).isEqualTo(50);
		}
		assertThat(last.at("/meta/current_page").asInt()).isEqualTo(3);
		assertThat(last.at("/meta/from").asInt()).isEqualTo(101);
		assertThat(last.at("/meta/to").asInt()).isEqualTo(120);
		assertThat(last.at("/links/next").isNull()).isTrue();
		assertThat(first.at("/links/next").asString()).endsWith("?page=2&per_page=50");
		assertThat(TestHttp.get(first.at("/links/next").asString(), KEY).json().at("/data/0/slug").asString())
			.isEqualTo("t-051");
	}

	@Test
	void boundsThePageSize() throws IOException {
		sandbox.generateTenants(KEY, 1_200, "t");

		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).json().get("data").size()).isEqualTo(50);
		JsonNode capped = TestHttp.get(url("?per_page=5000"), KEY).json();
		assertThat(capped.get("data").size()).isEqualTo(1_000);
		assertThat(capped.at("/meta/per_page").asInt()).isEqualTo(1_000);
		assertThat(capped.at("/meta/last_page").asInt()).isEqualTo(2);
		assertThat(TestHttp.get(url("?per_page=1"), KEY).json().get("data").size()).isEqualTo(1);

		for (String bad : List.of("0", "-5", "abc", "1.5")) {
			TestHttp.Response response = TestHttp.get(url("?per_page=" + bad), KEY);
			assertThat(response.status()).as("per_page=%s", bad).isEqualTo(422);
			assertThat(response.json().at("/errors/per_page/0").asString()).startsWith("The per page field");
		}
		assertThat(TestHttp.get(url("?page=abc"), KEY).json().at("/meta/current_page").asInt()).isEqualTo(1);
		assertThat(TestHttp.get(url("?page=0"), KEY).json().at("/meta/current_page").asInt()).isEqualTo(1);
	}

	@Test
	void answers401WithoutAValidKey() throws IOException {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme"));
		List<TestHttp.Response> responses = List.of(TestHttp.get(sandbox.tenantsUrl(), null),
				TestHttp.get(sandbox.tenantsUrl(), "wrong-key"), TestHttp.get(url("/acme"), "wrong-key"),
				TestHttp.send("POST", sandbox.tenantsUrl(), "", "{\"slug\":\"abc\",\"name\":\"x\"}"),
				TestHttp.send("PUT", url("/acme/suspend"), null, null),
				TestHttp.send("DELETE", url("/acme"), "wrong-key", null));
		for (TestHttp.Response response : responses) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.json().get("message").asString()).isEqualTo("Unauthenticated.");
		}
		assertThat(sandbox.tenant("acme").orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(sandbox.tenant("abc")).isEmpty();
	}

	@Test
	void answers401ForOtherAuthorizationSchemes() throws IOException {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.tenantsUrl()))
				.header("Authorization", "Basic " + KEY)
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
			.join();
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void answers404ForUnknownSlugs() throws IOException {
		for (TestHttp.Response response : List.of(TestHttp.get(url("/nope"), KEY),
				TestHttp.get(url("/nope/usage"), KEY), TestHttp.send("PUT", url("/nope/suspend"), KEY, null),
				TestHttp.send("PUT", url("/nope/unsuspend"), KEY, null),
				TestHttp.send("DELETE", url("/nope"), KEY, null))) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.json().get("message").asString()).isEqualTo("Tenant not found.");
		}
	}

	@Test
	void hidesAnotherKeysTenants() throws IOException {
		create(OTHER_KEY, "theirs", "Theirs");

		assertThat(TestHttp.get(url("/theirs"), KEY).status()).isEqualTo(404);
		assertThat(TestHttp.get(url("/theirs/usage"), KEY).status()).isEqualTo(404);
		assertThat(TestHttp.send("PUT", url("/theirs/suspend"), KEY, null).status()).isEqualTo(404);
		assertThat(TestHttp.send("DELETE", url("/theirs"), KEY, null).status()).isEqualTo(404);
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).json().get("data").size()).isZero();
		assertThat(sandbox.tenant("theirs").orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(TestHttp.get(url("/theirs"), OTHER_KEY).status()).isEqualTo(200);
	}

	@Test
	void slugsAreUniqueAcrossKeys() throws IOException {
		assertThat(create(KEY, "acme", "Acme").status()).isEqualTo(201);

		TestHttp.Response sameKey = create(KEY, "acme", "Acme again");
		TestHttp.Response otherKey = create(OTHER_KEY, "acme", "Another Acme");

		for (TestHttp.Response response : List.of(sameKey, otherKey)) {
			assertThat(response.status()).isEqualTo(422);
			assertThat(response.json().get("message").asString()).isEqualTo("The slug has already been taken.");
			assertThat(response.json().at("/errors/slug/0").asString()).isEqualTo("The slug has already been taken.");
		}
		assertThat(sandbox.tenant("acme").orElseThrow().name()).isEqualTo("Acme");
		assertThat(sandbox.tenants(OTHER_KEY)).isEmpty();
	}

	@Test
	void takenStatusCanBe409() throws IOException {
		try (ArchiveSandbox custom = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withTakenStatus(409))) {
			String body = "{\"slug\":\"acme\",\"name\":\"Acme\"}";
			assertThat(TestHttp.send("POST", custom.tenantsUrl(), KEY, body).status()).isEqualTo(201);
			TestHttp.Response taken = TestHttp.send("POST", custom.tenantsUrl(), KEY, body);
			assertThat(taken.status()).isEqualTo(409);
			assertThat(taken.json().at("/errors/slug/0").asString()).isEqualTo("The slug has already been taken.");
		}
	}

	@Test
	void validatesTheOtherFields() throws IOException {
		TestHttp.Response noName = TestHttp.send("POST", sandbox.tenantsUrl(), KEY, "{\"slug\":\"acme\"}");
		assertThat(noName.status()).isEqualTo(422);
		assertThat(noName.json().at("/errors/name/0").asString()).isEqualTo("The name field is required.");

		TestHttp.Response nothing = TestHttp.send("POST", sandbox.tenantsUrl(), KEY, "{}");
		assertThat(nothing.status()).isEqualTo(422);
		assertThat(nothing.json().get("errors").has("slug")).isTrue();
		assertThat(nothing.json().get("errors").has("name")).isTrue();
		assertThat(nothing.json().get("message").asString())
			.isEqualTo("The slug field is required. (and 1 more error)");

		TestHttp.Response badEmail = TestHttp.send("POST", sandbox.tenantsUrl(), KEY,
				"{\"slug\":\"acme\",\"name\":\"Acme\",\"admin_email\":\"not-an-email\"}");
		assertThat(badEmail.status()).isEqualTo(422);
		assertThat(badEmail.json().get("errors").has("admin_email")).isTrue();

		TestHttp.Response numericName = TestHttp.send("POST", sandbox.tenantsUrl(), KEY,
				"{\"slug\":\"acme\",\"name\":5}");
		assertThat(numericName.status()).isEqualTo(422);
		assertThat(sandbox.allTenants()).isEmpty();
	}

	@Test
	void answers400ForMalformedJson() throws IOException {
		for (String body : List.of("{\"slug\":", "not json", "[1,2]")) {
			TestHttp.Response response = TestHttp.send("POST", sandbox.tenantsUrl(), KEY, body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.json().has("message")).isTrue();
		}
		assertThat(sandbox.allTenants()).isEmpty();
	}

	@Test
	void suspendAndUnsuspendAreIdempotent() throws IOException {
		create(KEY, "acme", "Acme");

		for (int i = 0; i < 2; i++) {
			TestHttp.Response suspended = TestHttp.send("PUT", url("/acme/suspend"), KEY, null);
			assertThat(suspended.status()).isEqualTo(200);
			assertThat(suspended.json().at("/data/slug").asString()).isEqualTo("acme");
			assertThat(suspended.json().at("/data/status").asString()).isEqualTo("suspended");
			assertThat(sandbox.tenant("acme").orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
		}
		assertThat(TestHttp.get(url("/acme"), KEY).json().at("/data/status").asString()).isEqualTo("suspended");
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).json().at("/data/0/status").asString())
			.isEqualTo("suspended");

		for (int i = 0; i < 2; i++) {
			TestHttp.Response active = TestHttp.send("PUT", url("/acme/unsuspend"), KEY, null);
			assertThat(active.status()).isEqualTo(200);
			assertThat(active.json().at("/data/status").asString()).isEqualTo("active");
			assertThat(sandbox.tenant("acme").orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
		}
	}

	@Test
	void deleteMarksTheTenantDeletedAndIsRecorded() throws IOException {
		create(KEY, "acme", "Acme");

		TestHttp.Response deleted = TestHttp.send("DELETE", url("/acme"), KEY, null);

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().at("/data/slug").asString()).isEqualTo("acme");
		assertThat(deleted.json().at("/data/status").asString()).isEqualTo("deleted");
		assertThat(TestHttp.get(url("/acme"), KEY).status()).isEqualTo(404);
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).json().at("/meta/total").asInt()).isZero();
		assertThat(sandbox.tenants(KEY)).isEmpty();
		assertThat(sandbox.tenant("acme").orElseThrow().deleted()).isTrue();
		assertThat(create(KEY, "acme", "Acme again").status()).isEqualTo(422);
		assertThat(create(OTHER_KEY, "acme", "Acme again").status()).isEqualTo(422);
		assertThat(TestHttp.send("DELETE", url("/acme"), KEY, null).status()).isEqualTo(404);

		assertThat(sandbox.requests()).filteredOn((r) -> r.method().equals("DELETE"))
			.extracting(RecordedRequest::path, RecordedRequest::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("/api/reseller/tenants/acme", 200),
					org.assertj.core.groups.Tuple.tuple("/api/reseller/tenants/acme", 404));
	}

	@Test
	void answers405And404ForOtherRoutes() throws IOException {
		create(KEY, "acme", "Acme");
		assertThat(TestHttp.send("POST", url("/acme/suspend"), KEY, "{}").status()).isEqualTo(405);
		assertThat(TestHttp.send("GET", url("/acme/suspend"), KEY, null).status()).isEqualTo(405);
		assertThat(TestHttp.send("PUT", url("/acme"), KEY, "{}").status()).isEqualTo(405);
		assertThat(TestHttp.send("DELETE", sandbox.tenantsUrl(), KEY, null).status()).isEqualTo(405);
		assertThat(TestHttp.get(url("/acme/unknown"), KEY).status()).isEqualTo(404);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/api/other", KEY).status()).isEqualTo(404);
	}

	@Test
	void apiKeysCanBeAddedAndRemovedAtRuntime() throws IOException {
		create(KEY, "acme", "Acme");
		sandbox.removeApiKey(KEY);
		assertThat(TestHttp.get(url("/acme"), KEY).status()).isEqualTo(401);

		sandbox.addApiKey(KEY);
		assertThat(TestHttp.get(url("/acme"), KEY).status()).isEqualTo(200);

		sandbox.addApiKey("fresh-key");
		assertThat(create("fresh-key", "fresh", "Fresh").status()).isEqualTo(201);
		assertThat(sandbox.tenants("fresh-key")).extracting(ArchiveTenant::slug).containsExactly("fresh");

		sandbox.reset();
		assertThat(TestHttp.get(sandbox.tenantsUrl(), "fresh-key").status()).isEqualTo(401);
	}

	@Test
	void apiKeysCanBeManagedOverHttp() throws IOException {
		String control = sandbox.baseUrl() + "/_sandbox/api-keys";
		assertThat(TestHttp.send("POST", control, null, "{\"apiKey\":\"http-key\"}").status()).isEqualTo(200);
		assertThat(TestHttp.get(sandbox.tenantsUrl(), "http-key").status()).isEqualTo(200);
		JsonNode ids = TestHttp.get(control).json().get("data");
		assertThat(ids).extracting(JsonNode::asString).contains(ArchiveSandbox.keyId("http-key"));
		assertThat(ids.toString()).doesNotContain("http-key\"");

		assertThat(TestHttp.send("DELETE", control + "/http-key", null, null).status()).isEqualTo(200);
		assertThat(TestHttp.get(sandbox.tenantsUrl(), "http-key").status()).isEqualTo(401);
	}

	@Test
	void aRevokedKeyIsUnauthenticatedUntilRestored() throws IOException {
		create(KEY, "acme", "Acme");
		create(OTHER_KEY, "beta", "Beta");

		sandbox.revokeKey(KEY);

		assertThat(sandbox.isKeyRevoked(KEY)).isTrue();
		assertThat(sandbox.isValidApiKey(KEY)).isFalse();
		for (TestHttp.Response refused : List.of(TestHttp.get(url("/acme"), KEY), TestHttp.get(url(""), KEY),
				create(KEY, "gamma", "Gamma"), TestHttp.send("PUT", url("/acme/suspend"), KEY, null))) {
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.json().get("message").asString()).isEqualTo("Unauthenticated.");
		}
		assertThat(TestHttp.get(url("/beta"), OTHER_KEY).status()).isEqualTo(200);
		assertThat(sandbox.tenant("acme").orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
		assertThat(sandbox.tenant("gamma")).isEmpty();
		sandbox.addApiKey(KEY);
		assertThat(TestHttp.get(url("/acme"), KEY).status()).isEqualTo(401);

		sandbox.restoreKey(KEY);

		assertThat(TestHttp.get(url("/acme"), KEY).status()).isEqualTo(200);
		assertThat(sandbox.isKeyRevoked(KEY)).isFalse();
		assertThat(sandbox.requests()).filteredOn((r) -> r.status() == 401)
			.hasSize(5)
			.allSatisfy((r) -> assertThat(r.keyId()).isEqualTo(ArchiveSandbox.keyId(KEY)));
	}

	@Test
	void restoringNeverMakesAnUnknownKeyValidAndResetLiftsRevocations() throws IOException {
		sandbox.restoreKey("unknown-key");
		assertThat(TestHttp.get(sandbox.tenantsUrl(), "unknown-key").status()).isEqualTo(401);

		sandbox.revokeKey(KEY);
		sandbox.reset();
		assertThat(sandbox.isKeyRevoked(KEY)).isFalse();
		assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(200);
	}

	@Test
	void keysCanBeRevokedAndRestoredOverHttp() throws IOException {
		String control = sandbox.baseUrl() + "/_sandbox/api-keys/revoked";
		create(KEY, "acme", "Acme");

		TestHttp.Response revoked = TestHttp.send("POST", control, null,
				"{\"apiKey\":\"" + KEY + "\",\"revoked\":true}");

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.json().get("data")).extracting(JsonNode::asString)
			.containsExactly(ArchiveSandbox.keyId(KEY));
		assertThat(revoked.body()).doesNotContain(KEY);
		assertThat(TestHttp.get(url("/acme"), KEY).status()).isEqualTo(401);
		assertThat(TestHttp.get(control).json().get("data")).extracting(JsonNode::asString)
			.containsExactly(ArchiveSandbox.keyId(KEY));

		TestHttp.Response restored = TestHttp.send("POST", control, null,
				"{\"apiKey\":\"" + KEY + "\",\"revoked\":false}");

		assertThat(restored.json().get("data")).isEmpty();
		assertThat(TestHttp.get(url("/acme"), KEY).status()).isEqualTo(200);

		assertThat(TestHttp.send("POST", control, null, "{\"apiKey\":\"" + OTHER_KEY + "\"}").status()).isEqualTo(200);
		assertThat(sandbox.isKeyRevoked(OTHER_KEY)).isTrue();
		assertThat(TestHttp.send("POST", control, null, "{\"revoked\":true}").status()).isEqualTo(400);
		assertThat(TestHttp.send("POST", control, null, "{\"apiKey\":\"k\",\"revoked\":\"yes\"}").status())
			.isEqualTo(400);
		assertThat(TestHttp.send("PATCH", control, null, "{}").status()).isEqualTo(405);
		assertThat(TestHttp.send("DELETE", sandbox.baseUrl() + "/_sandbox/api-keys/" + OTHER_KEY, null, null).status())
			.isEqualTo(200);
		assertThat(sandbox.isValidApiKey(OTHER_KEY)).isFalse();
	}

	@Test
	void seedsTenantsOverHttp() throws IOException {
		TestHttp.Response seeded = TestHttp.send("POST", sandbox.baseUrl() + "/_sandbox/tenants", null, "{\"apiKey\":\""
				+ KEY + "\",\"tenants\":["
				+ "{\"slug\":\"one\",\"name\":\"One\",\"users_count\":5,\"storage_bytes\":100,\"messages_count\":7},"
				+ "{\"slug\":\"two\",\"name\":\"Two\",\"status\":\"suspended\"},"
				+ "{\"slug\":\"gone\",\"name\":\"Gone\",\"status\":\"deleted\"}]}");

		assertThat(seeded.status()).isEqualTo(201);
		assertThat(seeded.json().at("/data/created").asInt()).isEqualTo(3);
		assertThat(sandbox.tenants(KEY)).extracting(ArchiveTenant::slug, ArchiveTenant::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("one", TenantStatus.ACTIVE),
					org.assertj.core.groups.Tuple.tuple("two", TenantStatus.SUSPENDED));
		assertThat(sandbox.tenant("one").orElseThrow().usersCount()).isEqualTo(5);
		assertThat(sandbox.tenant("gone").orElseThrow().deleted()).isTrue();

		TestHttp.Response usage = TestHttp.send("PUT", sandbox.baseUrl() + "/_sandbox/tenants/one/usage", null,
				"{\"users_count\":9,\"storage_bytes\":2048}");
		assertThat(usage.status()).isEqualTo(200);
		assertThat(TestHttp.get(url("/one/usage"), KEY).json().get("data").toString())
			.isEqualTo("{\"users_count\":9,\"storage_bytes\":2048,\"messages_count\":7}");

		TestHttp.Response status = TestHttp.send("PUT", sandbox.baseUrl() + "/_sandbox/tenants/one/status", null,
				"{\"status\":\"suspended\"}");
		assertThat(status.json().at("/data/status").asString()).isEqualTo("suspended");

		JsonNode one = TestHttp.get(sandbox.baseUrl() + "/_sandbox/tenants/one").json().get("data");
		assertThat(one.get("api_key_id").asString()).isEqualTo(ArchiveSandbox.keyId(KEY));
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/tenants/nope").status()).isEqualTo(404);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/tenants").json().get("total").asInt()).isEqualTo(3);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/tenants?apiKey=" + KEY).json().get("total").asInt())
			.isEqualTo(2);
	}

	@Test
	void seedingIsAllOrNothing() throws IOException {
		create(KEY, "taken", "Taken");
		TestHttp.Response conflict = TestHttp.send("POST", sandbox.baseUrl() + "/_sandbox/tenants", null,
				"{\"tenants\":[{\"slug\":\"fresh\",\"name\":\"F\"},{\"slug\":\"taken\",\"name\":\"T\"}]}");
		assertThat(conflict.status()).isEqualTo(422);
		assertThat(sandbox.tenant("fresh")).isEmpty();

		TestHttp.Response invalid = TestHttp.send("POST", sandbox.baseUrl() + "/_sandbox/tenants", null,
				"{\"tenants\":[{\"slug\":\"fresh\",\"name\":\"F\"},{\"slug\":\"Bad_Slug\",\"name\":\"B\"}]}");
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(sandbox.tenant("fresh")).isEmpty();

		assertThatIllegalStateException().isThrownBy(() -> sandbox.seedTenant(OTHER_KEY, TenantSeed.of("taken", "x")));
		assertThatIllegalArgumentException().isThrownBy(() -> sandbox.seedTenant(KEY, TenantSeed.of("-bad", "x")));
		assertThat(sandbox.tenants(KEY)).extracting(ArchiveTenant::slug).containsExactly("taken");
	}

	@Test
	void generatesTenantsOverHttp() throws IOException {
		TestHttp.Response generated = TestHttp.send("POST", sandbox.baseUrl() + "/_sandbox/tenants", null,
				"{\"apiKey\":\"" + OTHER_KEY + "\",\"count\":250,\"prefix\":\"load\"}");
		assertThat(generated.status()).isEqualTo(201);
		assertThat(sandbox.tenants(OTHER_KEY)).hasSize(250);
		assertThat(sandbox.tenant("load-001")).isPresent();
		assertThat(sandbox.tenant("load-250").orElseThrow().usersCount()).isEqualTo(51);
		assertThat(TestHttp
			.send("POST", sandbox.baseUrl() + "/_sandbox/tenants", null, "{\"count\":5,\"prefix\":\"9bad\"}")
			.status()).isEqualTo(422);
		assertThat(TestHttp.send("DELETE", sandbox.baseUrl() + "/_sandbox/tenants", null, null).status())
			.isEqualTo(200);
		assertThat(sandbox.allTenants()).isEmpty();
	}

	@Test
	void logsApiRequestsWithoutTheKey() throws IOException {
		create(KEY, "acme", "Acme");
		TestHttp.get(url("/acme?x=1"), KEY);
		TestHttp.get(url("/acme"), "wrong-key");
		TestHttp.get(url("/acme"), null);
		TestHttp.get(sandbox.baseUrl() + "/_sandbox/health");

		List<RecordedRequest> requests = sandbox.requests();
		assertThat(requests)
			.extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::status, RecordedRequest::keyId)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("POST", "/api/reseller/tenants", 201,
							ArchiveSandbox.keyId(KEY)),
					org.assertj.core.groups.Tuple.tuple("GET", "/api/reseller/tenants/acme", 200,
							ArchiveSandbox.keyId(KEY)),
					org.assertj.core.groups.Tuple.tuple("GET", "/api/reseller/tenants/acme", 401,
							ArchiveSandbox.keyId("wrong-key")),
					org.assertj.core.groups.Tuple.tuple("GET", "/api/reseller/tenants/acme", 401, null));
		assertThat(requests.get(1).query()).isEqualTo("x=1");
		assertThat(requests).allSatisfy((r) -> {
			assertThat(r.time()).isNotNull();
			assertThat(r.fault()).isNull();
			assertThat(r.action()).isNull();
		});
		assertThat(requests).extracting(RecordedRequest::sequence).isSorted();

		TestHttp.Response log = TestHttp.get(sandbox.baseUrl() + "/_sandbox/requests");
		assertThat(log.json().get("total").asInt()).isEqualTo(4);
		assertThat(log.body()).doesNotContain(KEY).doesNotContain("wrong-key");
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/requests?method=POST").json().get("total").asInt())
			.isEqualTo(1);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/requests?limit=2").json().at("/data/1/status").asInt())
			.isEqualTo(401);

		assertThat(TestHttp.send("DELETE", sandbox.baseUrl() + "/_sandbox/requests", null, null).status())
			.isEqualTo(200);
		assertThat(sandbox.requests()).isEmpty();
	}

	@Test
	void keyIdsAreStableAndDoNotRevealTheKey() {
		assertThat(ArchiveSandbox.keyId(KEY)).isEqualTo(ArchiveSandbox.keyId(KEY))
			.startsWith("key-")
			.doesNotContain(KEY)
			.isNotEqualTo(ArchiveSandbox.keyId(OTHER_KEY));
	}

	@Test
	void requestLogIsBounded() throws IOException {
		try (ArchiveSandbox small = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withRequestLogCapacity(3))) {
			for (int i = 0; i < 5; i++) {
				TestHttp.get(small.tenantsUrl() + "?page=" + i, KEY);
			}
			assertThat(small.requests()).extracting(RecordedRequest::query)
				.containsExactly("page=2", "page=3", "page=4");
		}
	}

	@Test
	void resetForgetsEverything() throws IOException {
		create(KEY, "acme", "Acme");
		sandbox.faults(io.emabridge.sandbox.Faults.none().withLatencyMs(5));
		assertThat(TestHttp.send("POST", sandbox.baseUrl() + "/_sandbox/reset", null, null).status()).isEqualTo(200);
		assertThat(sandbox.allTenants()).isEmpty();
		assertThat(sandbox.requests()).isEmpty();
		assertThat(sandbox.faults().isNone()).isTrue();
		assertThat(create(KEY, "acme", "Acme").status()).isEqualTo(201);
	}

	@Test
	void unknownControlPathsAnswer404() throws IOException {
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/nothing").status()).isEqualTo(404);
		assertThat(TestHttp.get(sandbox.baseUrl() + "/_sandbox/health").json().get("status").asString())
			.isEqualTo("UP");
	}

}
