package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.util.List;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.model.archive.CreatedTenant;
import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.testsupport.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The shared archive API client against the archive sandbox: the real wire format, errors and faults. */
class ArchiveApiClientSandboxTests {

	private static final String KEY = "reseller-key";

	private static ArchiveSandbox sandbox;

	private static ArchiveApiClient client;

	@BeforeAll
	static void start() {
		sandbox = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY, "other-key").withPaging(2, 10));
		client = new ArchiveApiClient(new ArchiveApiSettings(java.net.URI.create(sandbox.baseUrl()), KEY,
				Duration.ofSeconds(2), Duration.ofSeconds(2)));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
	}

	@Test
	void createsGetsSuspendsAndUnsuspendsATenant() {
		String slug = "acme-" + TestNames.shortId();
		CreatedTenant created = client.createTenant(new NewTenant(slug, "Acme", "ops@acme.test", "Ada", "pro"));
		assertThat(created.slug()).isEqualTo(slug);
		assertThat(created.url()).isEqualTo("https://" + slug + ".archive.example.test");
		assertThat(created.status()).isEqualTo("active");
		assertThat(client.suspend(slug)).isEqualTo("suspended");
		assertThat(client.suspend(slug)).as("suspending a suspended tenant succeeds").isEqualTo("suspended");
		assertThat(sandbox.tenant(slug).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(client.unsuspend(slug)).isEqualTo("active");
		Tenant tenant = client.getTenant(slug);
		assertThat(tenant.name()).isEqualTo("Acme");
		assertThat(tenant.isActive()).isTrue();
		assertThat(tenant.url()).isEqualTo(created.url());
		assertThat(sandbox.tenant(slug).orElseThrow().plan()).isEqualTo("pro");
	}

	@Test
	void readsUsageAndPagesThroughTheList() {
		sandbox.seedTenants(KEY, List.of(TenantSeed.of("one-t", "One").withUsage(3, 1_000, 50),
				TenantSeed.of("two-t", "Two"), TenantSeed.of("three-t", "Three")));
		TenantPage first = client.listTenants(1);
		assertThat(first.tenants()).extracting(Tenant::slug).containsExactly("one-t", "two-t");
		assertThat(first.total()).isEqualTo(3);
		assertThat(first.hasNext()).isTrue();
		assertThat(client.listTenants(2).tenants()).extracting(Tenant::slug).containsExactly("three-t");
		assertThat(client.usage("one-t").activeUsers()).isEqualTo(3);
		assertThat(client.usage("one-t").storageBytes()).isEqualTo(1_000);
		assertThat(client.getTenant("one-t").usage().messageCount()).isEqualTo(50);
	}

	@Test
	void tellsTakenFromInvalidSlugs() {
		sandbox.seedTenant("other-key", TenantSeed.of("taken-slug", "Other"));
		assertThatExceptionOfType(ArchiveApiException.class)
			.isThrownBy(() -> client.createTenant(new NewTenant("taken-slug", "Mine", null, null, null)))
			.satisfies((ex) -> {
				assertThat(ex.isSlugTaken()).isTrue();
				assertThat(ex.isRetriable()).isFalse();
			});
		assertThatExceptionOfType(ArchiveApiException.class)
			.isThrownBy(() -> client.createTenant(new NewTenant("smtp", "Mine", null, null, null)))
			.satisfies((ex) -> {
				assertThat(ex.isSlugInvalid()).isTrue();
				assertThat(ex.errors().get("slug")).containsExactly("The slug is reserved.");
			});
		assertThat(client.findTenant("taken-slug")).as("another reseller's tenant looks absent").isEmpty();
	}

	@Test
	void takenStatus409IsReadAsTakenToo() {
		try (ArchiveSandbox strict = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY)
			.withTakenStatus(409))) {
			ArchiveApiClient other = new ArchiveApiClient(ArchiveApiSettings.of(strict.baseUrl(), KEY));
			other.createTenant(new NewTenant("twice", "Twice", null, null, null));
			assertThatExceptionOfType(ArchiveApiException.class)
				.isThrownBy(() -> other.createTenant(new NewTenant("twice", "Twice", null, null, null)))
				.satisfies((ex) -> assertThat(ex.isSlugTaken()).isTrue());
		}
	}

	@Test
	void classifiesFaults() {
		sandbox.faults(Faults.none().withRateLimitBurst(1, 3));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> client.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(3));
			});
		sandbox.faults(Faults.none().withErrorRate(1.0, 502));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> client.listTenants(1))
			.satisfies((ex) -> assertThat(ex.isRetriable()).isTrue());
		sandbox.faults(Faults.none().withDropConnectionRate(1.0));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> client.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(ArchiveApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
			});
		sandbox.faults(Faults.none().withLatencyMs(3_000));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> client.listTenants(1))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("timed out"));
	}

	@Test
	void wrongKeyIsUnauthorizedAndNeverShown() {
		ArchiveApiClient wrong = new ArchiveApiClient(ArchiveApiSettings.of(sandbox.baseUrl(), "wrong-secret-key"));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> wrong.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.isUnauthorized()).isTrue();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.getMessage()).doesNotContain("wrong-secret-key");
			});
	}
}
