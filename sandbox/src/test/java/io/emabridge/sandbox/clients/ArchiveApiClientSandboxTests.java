package io.emabridge.sandbox.clients;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.model.archive.CreatedTenant;
import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.archive.TenantUsage;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.archive.TenantStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The archive client against the archive sandbox over real HTTP: the sandbox is the
 * independent oracle of the API's shapes and failure modes, so these tests pin that the
 * client reads every answer and classifies every failure the way the workers' retry
 * decisions rely on.
 */
class ArchiveApiClientSandboxTests {

	private static final String KEY = "reseller-one-key";

	private static final String OTHER_KEY = "reseller-two-key";

	private static ArchiveSandbox sandbox;

	private ArchiveApiClient client;

	@BeforeAll
	static void start() {
		sandbox = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withApiKeys(KEY, OTHER_KEY)
			.withBaseDomain("archive.reseller.test")
			.withPaging(2, 10)
			.withSeed(7));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
		this.client = client(KEY, Duration.ofSeconds(5));
	}

	@Test
	void createsATenantInTheReferenceShapeWhichAnswersWithoutAUrl() {
		CreatedTenant created = this.client
			.createTenant(new NewTenant("acme-corp", "Acme Corporation", "ops@acme.test", "Ann Admin", "pro"));
		assertThat(created.slug()).isEqualTo("acme-corp");
		assertThat(created.url()).isNull();
		assertThat(created.status()).isEqualTo(Tenant.ACTIVE);
		assertThat(sandbox.tenant("acme-corp")).hasValueSatisfying((t) -> {
			assertThat(t.name()).isEqualTo("Acme Corporation");
			assertThat(t.adminEmail()).isEqualTo("ops@acme.test");
			assertThat(t.adminName()).isEqualTo("Ann Admin");
			assertThat(t.plan()).isEqualTo("pro");
		});
	}

	@Test
	void createsATenantInTheOverviewShapeAndReadsItsAccessUrl() {
		try (ArchiveSandbox overview = ArchiveSandbox.start(ArchiveSandboxOptions.defaults()
			.withApiKeys(KEY)
			.withBaseDomain("overview.reseller.test")
			.withCreateShape(ArchiveSandboxOptions.CreateShape.OVERVIEW))) {
			ArchiveApiClient client = new ArchiveApiClient(new ArchiveApiSettings(URI.create(overview.baseUrl()), KEY,
					Duration.ofSeconds(2), Duration.ofSeconds(5)));
			CreatedTenant created = client
				.createTenant(new NewTenant("acme-corp", "Acme Corporation", "ops@acme.test", "Ann Admin", "pro"));
			assertThat(created.slug()).isEqualTo("acme-corp");
			assertThat(created.url()).isEqualTo("https://acme-corp.overview.reseller.test");
			assertThat(created.status()).isEqualTo(Tenant.ACTIVE);
			assertThat(overview.tenant("acme-corp")).hasValueSatisfying((t) -> {
				assertThat(t.name()).isEqualTo("Acme Corporation");
				assertThat(t.adminName()).isEqualTo("Ann Admin");
			});
		}
	}

	@Test
	void readsATenantWithItsUsage() {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme").withUsage(12, 5_000_000_000L, 4_000));
		Tenant tenant = this.client.getTenant("acme");
		assertThat(tenant.slug()).isEqualTo("acme");
		assertThat(tenant.name()).isEqualTo("Acme");
		assertThat(tenant.isActive()).isTrue();
		assertThat(tenant.url()).isEqualTo("https://acme.archive.reseller.test");
		assertThat(tenant.usage()).isEqualTo(new TenantUsage(12L, 5_000_000_000L, 4_000L));
		assertThat(this.client.findTenant("acme")).contains(tenant);
	}

	@Test
	void readsUsage() {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme").withUsage(3, 1_024, 99));
		assertThat(this.client.usage("acme")).isEqualTo(new TenantUsage(3L, 1_024L, 99L));
	}

	@Test
	void pagesThroughTheResellersOwnTenantsOnly() {
		sandbox.generateTenants(KEY, 5, "mine");
		sandbox.generateTenants(OTHER_KEY, 3, "theirs");
		TenantPage first = this.client.listTenants(1);
		assertThat(first.currentPage()).isEqualTo(1);
		assertThat(first.lastPage()).isEqualTo(3);
		assertThat(first.total()).isEqualTo(5);
		assertThat(first.tenants()).hasSize(2);
		assertThat(first.hasNext()).isTrue();
		TenantPage last = this.client.listTenants(3);
		assertThat(last.tenants()).hasSize(1);
		assertThat(last.hasNext()).isFalse();
		List<String> slugs = new java.util.ArrayList<>();
		for (int page = 1; page <= first.lastPage(); page++) {
			this.client.listTenants(page).tenants().forEach((t) -> slugs.add(t.slug()));
		}
		assertThat(slugs).hasSize(5).allMatch((slug) -> slug.startsWith("mine"));
	}

	@Test
	void suspendsAndUnsuspendsIdempotently() {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme"));
		assertThat(this.client.suspend("acme")).isEqualTo(Tenant.SUSPENDED);
		assertThat(this.client.suspend("acme")).isEqualTo(Tenant.SUSPENDED);
		assertThat(sandbox.tenant("acme"))
			.hasValueSatisfying((t) -> assertThat(t.status()).isEqualTo(TenantStatus.SUSPENDED));
		assertThat(this.client.getTenant("acme").isSuspended()).isTrue();
		assertThat(this.client.unsuspend("acme")).isEqualTo(Tenant.ACTIVE);
		assertThat(this.client.unsuspend("acme")).isEqualTo(Tenant.ACTIVE);
		assertThat(this.client.getTenant("acme").isActive()).isTrue();
		assertThat(sandbox.requests()).extracting(RecordedRequest::method).containsOnly("PUT", "GET");
	}

	@Test
	void neverSendsDelete() {
		sandbox.seedTenant(KEY, TenantSeed.of("acme", "Acme"));
		this.client.listTenants(1);
		this.client.getTenant("acme");
		this.client.usage("acme");
		this.client.suspend("acme");
		this.client.unsuspend("acme");
		this.client.createTenant(new NewTenant("other", "Other", null, null, null));
		assertThat(sandbox.requests()).hasSize(6).noneMatch((r) -> r.method().equals("DELETE"));
	}

	@Test
	void refusesAWrongKeyPermanentlyWithoutNamingIt() {
		ArchiveApiClient wrong = client("not-a-valid-key", Duration.ofSeconds(5));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> wrong.listTenants(1)).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(401);
			assertThat(ex.isUnauthorized()).isTrue();
			assertThat(ex.isRetriable()).isFalse();
			assertThat(ex.operation()).isEqualTo("list");
			assertThat(ex.toString()).doesNotContain("not-a-valid-key");
		});
		assertThat(wrong.settings().toString()).doesNotContain("not-a-valid-key");
	}

	@Test
	void answersNotFoundForAnUnknownSlugAndForAnotherResellersTenant() {
		sandbox.seedTenant(OTHER_KEY, TenantSeed.of("theirs", "Theirs"));
		assertThat(this.client.findTenant("nobody")).isEmpty();
		assertThat(this.client.findTenant("theirs")).isEmpty();
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.suspend("theirs"))
			.satisfies((ex) -> {
				assertThat(ex.isNotFound()).isTrue();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.operation()).isEqualTo("suspend");
			});
		assertThat(sandbox.tenant("theirs"))
			.hasValueSatisfying((t) -> assertThat(t.status()).isEqualTo(TenantStatus.ACTIVE));
	}

	@Test
	void reportsASlugTakenByAnotherResellerAsTaken() {
		sandbox.seedTenant(OTHER_KEY, TenantSeed.of("acme", "Acme elsewhere"));
		assertThatExceptionOfType(ArchiveApiException.class)
			.isThrownBy(() -> this.client.createTenant(new NewTenant("acme", "Acme", null, null, null)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(422);
				assertThat(ex.isSlugTaken()).isTrue();
				assertThat(ex.isSlugInvalid()).isFalse();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.operation()).isEqualTo("create");
			});
	}

	@Test
	void reportsATakenSlugAnsweredWith409AsTaken() {
		try (ArchiveSandbox conflicting = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY, OTHER_KEY).withTakenStatus(409))) {
			conflicting.seedTenant(OTHER_KEY, TenantSeed.of("acme", "Acme elsewhere"));
			ArchiveApiClient conflictingClient = new ArchiveApiClient(new ArchiveApiSettings(
					URI.create(conflicting.baseUrl()), KEY, Duration.ofSeconds(2), Duration.ofSeconds(5)));
			assertThatExceptionOfType(ArchiveApiException.class)
				.isThrownBy(() -> conflictingClient.createTenant(new NewTenant("acme", "Acme", null, null, null)))
				.satisfies((ex) -> {
					assertThat(ex.status()).isEqualTo(409);
					assertThat(ex.isSlugTaken()).isTrue();
					assertThat(ex.isRetriable()).isFalse();
				});
		}
	}

	@Test
	void reportsAnInvalidSlugWithTheServicesReasons() {
		assertThatExceptionOfType(ArchiveApiException.class)
			.isThrownBy(() -> this.client.createTenant(new NewTenant("9-Bad_slug-", "Bad", null, null, null)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(422);
				assertThat(ex.isSlugInvalid()).isTrue();
				assertThat(ex.isSlugTaken()).isFalse();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.errors().get("slug")).isNotEmpty();
			});
		assertThat(sandbox.allTenants()).isEmpty();
	}

	@Test
	void reportsAReservedSlugAsInvalidWithTheServicesReason() {
		assertThatExceptionOfType(ArchiveApiException.class)
			.isThrownBy(() -> this.client.createTenant(new NewTenant("smtp", "Mail", null, null, null)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(422);
				assertThat(ex.isSlugInvalid()).isTrue();
				assertThat(ex.isSlugTaken()).isFalse();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.errors().get("slug")).containsExactly("The slug is reserved.");
			});
		assertThat(sandbox.allTenants()).isEmpty();
	}

	@Test
	void reportsARateLimitAsRetriableWithRetryAfter() {
		sandbox.faults(Faults.none().withRateLimitBurst(1, 7));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
			});
		assertThat(this.client.listTenants(1).tenants()).isEmpty();
	}

	@Test
	void reportsAServerErrorAsRetriable() {
		sandbox.faults(Faults.none().withErrorRate(1.0, 503));
		assertThatExceptionOfType(ArchiveApiException.class)
			.isThrownBy(() -> this.client.createTenant(new NewTenant("acme", "Acme", null, null, null)))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isRetriable()).isTrue();
			});
		assertThat(sandbox.tenant("acme")).isEmpty();
	}

	@Test
	void reportsAServiceThatIsDownAsRetriable() {
		sandbox.faults(Faults.none().withDown(true));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.usage("acme"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isRetriable()).isTrue();
			});
	}

	@Test
	void reportsADroppedConnectionAsRetriableWithoutStatus() {
		sandbox.faults(Faults.none().withDropConnectionRate(1.0));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.getTenant("acme"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(ArchiveApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.toString()).doesNotContain(KEY);
			});
	}

	@Test
	void findsTheTenantWhoseCreateAnswerWasLost() {
		sandbox.faults(Faults.none().withDropConnectionRate(1.0).withErrorAfterApply(true));
		NewTenant acme = new NewTenant("acme", "Acme", null, null, null);
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.createTenant(acme))
			.satisfies((ex) -> assertThat(ex.isRetriable()).isTrue());
		sandbox.clearFaults();
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.createTenant(acme))
			.satisfies((ex) -> assertThat(ex.isSlugTaken()).isTrue());
		assertThat(this.client.findTenant("acme")).hasValueSatisfying((t) -> assertThat(t.isActive()).isTrue());
	}

	@Test
	void reportsAnAnswerSlowerThanTheTimeoutAsRetriable() {
		ArchiveApiClient impatient = client(KEY, Duration.ofMillis(300));
		sandbox.faults(Faults.none().withLatencyMs(1_500));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> impatient.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(ArchiveApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.getMessage()).contains("timed out");
			});
		// answered once its latency is over: not in the next test's request log
		await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.pendingRequests().isEmpty());
	}

	@Test
	void reportsAnUnreachableServiceAsRetriable() {
		ArchiveSandbox gone = ArchiveSandbox.start(ArchiveSandboxOptions.defaults().withApiKeys(KEY));
		String url = gone.baseUrl();
		gone.close();
		ArchiveApiClient unreachable = new ArchiveApiClient(
				new ArchiveApiSettings(URI.create(url), KEY, Duration.ofSeconds(1), Duration.ofSeconds(2)));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> unreachable.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(ArchiveApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
			});
	}

	private static ArchiveApiClient client(String key, Duration requestTimeout) {
		return new ArchiveApiClient(
				new ArchiveApiSettings(URI.create(sandbox.baseUrl()), key, Duration.ofSeconds(2), requestTimeout));
	}

}
