package io.emabridge.sandbox.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class ArchiveSandboxStateTests {

	private static final String KEY = "first-reseller-secret-key";

	private static final String OTHER_KEY = "second-reseller-secret-key";

	@TempDir
	Path dir;

	private Path file() {
		return this.dir.resolve("var").resolve("sandbox").resolve("archive-sandbox.json");
	}

	private ArchiveSandboxOptions options() {
		return ArchiveSandboxOptions.defaults().withApiKeys(KEY, OTHER_KEY).withStateFile(file());
	}

	private static TestHttp.Response create(ArchiveSandbox sandbox, String key, String slug) throws IOException {
		return TestHttp.send("POST", sandbox.tenantsUrl(), key, "{\"slug\":\"" + slug + "\",\"name\":\"Tenant " + slug
				+ "\",\"plan\":\"business\",\"admin_email\":\"it@" + slug + ".example\"," + "\"admin_name\":\"Ada\"}");
	}

	private static List<String> listedSlugs(ArchiveSandbox sandbox, String key) throws IOException {
		TestHttp.Response response = TestHttp.get(sandbox.tenantsUrl(), key);
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("data").valueStream().map((t) -> t.get("slug").asString()).toList();
	}

	/** Tenants of both keys: active, suspended, deleted, with usage. */
	private static void populate(ArchiveSandbox sandbox) throws IOException {
		assertThat(create(sandbox, KEY, "acme").status()).isEqualTo(201);
		assertThat(create(sandbox, KEY, "beta").status()).isEqualTo(201);
		assertThat(create(sandbox, OTHER_KEY, "gone").status()).isEqualTo(201);
		assertThat(TestHttp.send("PUT", sandbox.tenantsUrl() + "/beta/suspend", KEY, null).status()).isEqualTo(200);
		assertThat(TestHttp.send("DELETE", sandbox.tenantsUrl() + "/gone", OTHER_KEY, null).status()).isEqualTo(200);
		assertThat(TestHttp
			.send("PUT", sandbox.baseUrl() + "/_sandbox/tenants/acme/usage", null,
					"{\"users_count\":12,\"storage_bytes\":5000000000,\"messages_count\":4000}")
			.status()).isEqualTo(200);
	}

	/**
	 * What the sandbox acknowledged is in the state file before the answer leaves, as
	 * with the real API: a sandbox killed right after a 201 (it never gets to write on a
	 * timer or on close) comes back with the tenant.
	 */
	@Test
	void anAcknowledgedChangeIsInTheFileBeforeTheAnswer() throws IOException {
		try (ArchiveSandbox crashed = ArchiveSandbox.start(options())) {
			assertThat(create(crashed, KEY, "acked").status()).isEqualTo(201);
			assertThat(TestHttp.send("PUT", crashed.tenantsUrl() + "/acked/suspend", KEY, null).status())
				.isEqualTo(200);
			// read by another sandbox while the first still runs: as after a kill -9
			try (ArchiveSandbox restarted = ArchiveSandbox.start(options())) {
				assertThat(restarted.tenant("acked"))
					.hasValueSatisfying((tenant) -> assertThat(tenant.status()).isEqualTo(TenantStatus.SUSPENDED));
			}
		}
	}

	@Test
	void tenantsSurviveARestart() throws IOException {
		List<ArchiveTenant> before;
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			populate(sandbox);
			before = sandbox.allTenants();
		}
		assertThat(file()).exists();

		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			assertThat(sandbox.allTenants()).isEqualTo(before);
			assertThat(listedSlugs(sandbox, KEY)).containsExactly("acme", "beta");
			assertThat(listedSlugs(sandbox, OTHER_KEY)).isEmpty();

			JsonNode acme = TestHttp.get(sandbox.tenantsUrl() + "/acme", KEY).json().get("data");
			assertThat(acme.get("url").asString()).isEqualTo("https://acme.archive.example.test");
			JsonNode usage = TestHttp.get(sandbox.tenantsUrl() + "/acme/usage", KEY).json().get("data");
			assertThat(usage.get("users_count").asLong()).isEqualTo(12);
			assertThat(usage.get("storage_bytes").asLong()).isEqualTo(5_000_000_000L);
			assertThat(usage.get("messages_count").asLong()).isEqualTo(4_000);
			assertThat(sandbox.tenant("beta").orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
			ArchiveTenant gone = sandbox.tenant("gone").orElseThrow();
			assertThat(gone.deleted()).isTrue();
			assertThat(gone.apiKeyId()).isEqualTo(ArchiveSandbox.keyId(OTHER_KEY));

			// A deleted slug stays taken; the owner's key id still finds the owner's
			// tenants.
			assertThat(create(sandbox, KEY, "gone").status()).isEqualTo(422);
			assertThat(TestHttp.get(sandbox.tenantsUrl() + "/acme", OTHER_KEY).status()).isEqualTo(404);
			assertThat(TestHttp.send("PUT", sandbox.tenantsUrl() + "/beta/unsuspend", KEY, null).status())
				.isEqualTo(200);

			// New tenants come after the restored ones.
			assertThat(create(sandbox, KEY, "delta").status()).isEqualTo(201);
			assertThat(listedSlugs(sandbox, KEY)).containsExactly("acme", "beta", "delta");
		}

		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			assertThat(sandbox.allTenants()).extracting(ArchiveTenant::slug, ArchiveTenant::status)
				.containsExactly(tuple("acme", TenantStatus.ACTIVE), tuple("beta", TenantStatus.ACTIVE),
						tuple("gone", TenantStatus.DELETED), tuple("delta", TenantStatus.ACTIVE));
		}
	}

	@Test
	void theFileHoldsKeyIdsButNoApiKey() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			populate(sandbox);
		}

		String text = Files.readString(file(), StandardCharsets.UTF_8);
		assertThat(text).doesNotContain(KEY)
			.doesNotContain(OTHER_KEY)
			.contains(ArchiveSandbox.keyId(KEY))
			.contains(ArchiveSandbox.keyId(OTHER_KEY));
		assertThat(TestHttp.JSON.readTree(text).get("format").asString()).isEqualTo("archive-sandbox");
	}

	@Test
	void keysComeFromTheOptionsAndFindTheirTenantsByKeyId() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			populate(sandbox);
		}

		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options().withApiKeys(OTHER_KEY))) {
			assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(401);
			assertThat(sandbox.tenants(KEY)).extracting(ArchiveTenant::slug).containsExactly("acme", "beta");

			sandbox.addApiKey(KEY);
			assertThat(listedSlugs(sandbox, KEY)).containsExactly("acme", "beta");
		}
	}

	@Test
	void revocationsAreNotKeptLikeTheKeysThemselves() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			populate(sandbox);
			sandbox.revokeKey(KEY);
			assertThat(TestHttp.get(sandbox.tenantsUrl(), KEY).status()).isEqualTo(401);
		}
		assertThat(Files.readString(file(), StandardCharsets.UTF_8)).doesNotContain("revoked");

		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			assertThat(sandbox.isKeyRevoked(KEY)).isFalse();
			assertThat(listedSlugs(sandbox, KEY)).containsExactly("acme", "beta");
		}
	}

	@Test
	void tenantsKeepTheUrlTheyWereCreatedWith() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			populate(sandbox);
		}

		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options().withBaseDomain("archive.other.test"))) {
			assertThat(create(sandbox, KEY, "delta").status()).isEqualTo(201);
			assertThat(sandbox.tenant("delta").orElseThrow().url()).isEqualTo("https://delta.archive.other.test");
			assertThat(TestHttp.get(sandbox.tenantsUrl() + "/acme", KEY).json().at("/data/url").asString())
				.isEqualTo("https://acme.archive.example.test");
		}
	}

	@Test
	void faultsAndTheRequestLogAreNotKept() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			populate(sandbox);
			sandbox.faults(Faults.none().withDown(true));
		}

		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			assertThat(sandbox.faults()).isEqualTo(Faults.none());
			assertThat(sandbox.requests()).isEmpty();
			assertThat(listedSlugs(sandbox, KEY)).containsExactly("acme", "beta");
		}
	}

	@Test
	void changesAreWrittenWithinASecondWithoutAClose() throws IOException {
		Path copy = this.dir.resolve("copy.json");
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			assertThat(create(sandbox, KEY, "acme").status()).isEqualTo(201);

			// What a process killed now leaves behind: whatever the writer has put in the
			// file by then.
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> Files.exists(file()) && Files.readString(file()).contains("\"acme\""));
			Files.copy(file(), copy);

			try (ArchiveSandbox restarted = ArchiveSandbox.start(options().withStateFile(copy))) {
				assertThat(restarted.tenant("acme"))
					.hasValueSatisfying((t) -> assertThat(t.apiKeyId()).isEqualTo(ArchiveSandbox.keyId(KEY)));
			}
		}
	}

	@Test
	void aCorruptFileFailsTheStartAndIsLeftAlone() throws IOException {
		Files.createDirectories(file().getParent());
		String corrupt = "{\"format\":\"archive-sandbox\",\"version\":1,\"tenants\":[{\"slug\":\"acme\",";
		Files.writeString(file(), corrupt);

		assertThatIllegalStateException().isThrownBy(() -> ArchiveSandbox.start(options()))
			.withMessageContaining(file().toString());
		assertThat(Files.readString(file())).isEqualTo(corrupt);
	}

	@Test
	void aFileOfAnotherFormatOrWithBadTenantsFailsTheStart() throws IOException {
		Files.createDirectories(file().getParent());
		for (String content : List.of("", "[]", "{\"format\":\"whmcs-sandbox\",\"version\":1,\"services\":[]}",
				"{\"format\":\"archive-sandbox\",\"version\":99,\"tenants\":[]}",
				"{\"format\":\"archive-sandbox\",\"version\":1}",
				"{\"format\":\"archive-sandbox\",\"version\":1,\"tenants\":[{\"slug\":\"acme\"}]}",
				"{\"format\":\"archive-sandbox\",\"version\":1,\"tenants\":[{\"slug\":\"acme\",\"name\":\"Acme\","
						+ "\"status\":\"SLEEPING\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"apiKeyId\":\"key-1\"}]}")) {
			Files.writeString(file(), content);

			assertThatIllegalStateException().as(content)
				.isThrownBy(() -> ArchiveSandbox.start(options()))
				.withMessageContaining(file().toString());
		}
	}

	@Test
	void aDuplicateSlugFailsTheStart() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			assertThat(create(sandbox, KEY, "acme").status()).isEqualTo(201);
		}
		JsonNode state = TestHttp.JSON.readTree(file().toFile());
		String tenant = state.get("tenants").get(0).toString();
		Files.writeString(file(),
				"{\"format\":\"archive-sandbox\",\"version\":1,\"tenants\":[" + tenant + "," + tenant + "]}");

		assertThatIllegalStateException().isThrownBy(() -> ArchiveSandbox.start(options()))
			.withMessageContaining(file().toString())
			.withMessageContaining("acme appears twice");
	}

	@Test
	void resetEmptiesTheKeptState() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			populate(sandbox);
			sandbox.saveState();
			assertThat(Files.readString(file())).contains("\"acme\"");
			sandbox.reset();
		}

		try (ArchiveSandbox sandbox = ArchiveSandbox.start(options())) {
			assertThat(sandbox.allTenants()).isEmpty();
		}
	}

	@Test
	void withoutAStateFileNothingIsWritten() throws IOException {
		try (ArchiveSandbox sandbox = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY))) {
			assertThat(sandbox.stateFile()).isEmpty();
			assertThat(create(sandbox, KEY, "acme").status()).isEqualTo(201);
			sandbox.saveState();
		}
		try (var files = Files.list(this.dir)) {
			assertThat(files).isEmpty();
		}
	}

}
