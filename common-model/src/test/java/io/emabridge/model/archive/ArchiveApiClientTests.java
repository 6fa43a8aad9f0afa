package io.emabridge.model.archive;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArchiveApiClientTests {

	private static final String KEY = "secret-key-123";

	private StubServer server;

	private ArchiveApiClient client;

	@BeforeEach
	void start() throws Exception {
		this.server = new StubServer();
		this.client = new ArchiveApiClient(new ArchiveApiSettings(URI.create(this.server.baseUrl()), KEY,
				Duration.ofSeconds(2), Duration.ofMillis(800)));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void sendsTheKeyAsBearerTokenAndAsksForJson() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"data\":[],\"meta\":{\"current_page\":1,\"last_page\":1,\"total\":0}}"));
		this.client.listTenants(1);
		StubServer.Seen request = this.server.requests().get(0);
		assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
		assertThat(request.path()).isEqualTo("/api/reseller/tenants");
		assertThat(request.query()).isEqualTo("page=1");
	}

	@Test
	void readsThePaginatedListShape() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"""
						{"data":[{"slug":"acme","name":"Acme","status":"active","users_count":3,"storage_bytes":100,"created_at":"2026-01-01T00:00:00Z"}],
						 "meta":{"current_page":2,"last_page":3,"total":7}}"""));
		TenantPage page = this.client.listTenants(2);
		assertThat(page.currentPage()).isEqualTo(2);
		assertThat(page.lastPage()).isEqualTo(3);
		assertThat(page.total()).isEqualTo(7);
		assertThat(page.hasNext()).isTrue();
		assertThat(page.tenants()).singleElement().satisfies((t) -> {
			assertThat(t.slug()).isEqualTo("acme");
			assertThat(t.isActive()).isTrue();
			assertThat(t.usage().activeUsers()).isEqualTo(3);
			assertThat(t.usage().storageBytes()).isEqualTo(100);
		});
	}

	@Test
	void readsTheBareArrayListShape() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"[{\"slug\":\"acme\",\"company_name\":\"Acme Inc\",\"status\":\"suspended\",\"plan\":\"pro\"}]"));
		TenantPage page = this.client.listTenants(1);
		assertThat(page.hasNext()).isFalse();
		assertThat(page.total()).isEqualTo(1);
		Tenant tenant = page.tenants().get(0);
		assertThat(tenant.name()).isEqualTo("Acme Inc");
		assertThat(tenant.plan()).isEqualTo("pro");
		assertThat(tenant.isSuspended()).isTrue();
	}

	@Test
	void readsATenantWithAndWithoutTheDataWrapperAndNestedUsage() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"data\":{\"slug\":\"acme\",\"name\":\"Acme\",\"status\":\"active\",\"users_count\":4,\"storage_bytes\":9,\"messages_count\":12}}"));
		Tenant wrapped = this.client.getTenant("acme");
		assertThat(wrapped.usage()).isEqualTo(new TenantUsage(4L, 9L, 12L));
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"slug\":\"acme\",\"status\":\"active\",\"plan\":\"basic\",\"usage\":{\"active_users\":5,\"storage_bytes\":10,\"message_count\":20}}"));
		Tenant bare = this.client.getTenant("acme");
		assertThat(bare.plan()).isEqualTo("basic");
		assertThat(bare.usage()).isEqualTo(new TenantUsage(5L, 10L, 20L));
	}

	@Test
	void findsNothingWhenTheTenantIsUnknown() {
		this.server.answer((r) -> StubServer.Answer.json(404, "{\"message\":\"Tenant not found.\"}"));
		assertThat(this.client.findTenant("nobody")).isEmpty();
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.getTenant("nobody"))
			.satisfies((ex) -> {
				assertThat(ex.isNotFound()).isTrue();
				assertThat(ex.isRetriable()).isFalse();
			});
	}

	@Test
	void readsUsageInEitherShape() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"data\":{\"users_count\":1,\"storage_bytes\":2,\"messages_count\":3}}"));
		assertThat(this.client.usage("acme")).isEqualTo(new TenantUsage(1L, 2L, 3L));
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"usage\":{\"active_users\":4,\"storage_bytes\":5,\"message_count\":6}}"));
		assertThat(this.client.usage("acme")).isEqualTo(new TenantUsage(4L, 5L, 6L));
		assertThat(this.server.requests().get(0).path()).isEqualTo("/api/reseller/tenants/acme/usage");
	}

	@Test
	void createsWithSlugNameAndCompanyNameAndOnlyTheKnownOptionalFields() {
		this.server.answer((r) -> StubServer.Answer.json(201,
				"{\"data\":{\"slug\":\"acme\",\"name\":\"Acme\",\"status\":\"active\",\"created_at\":\"x\"}}"));
		CreatedTenant created = this.client.createTenant(new NewTenant("acme", "Acme", "ops@acme.test", null, null));
		assertThat(created).isEqualTo(new CreatedTenant("acme", null, "active"));
		StubServer.Seen request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.contentType()).isEqualTo("application/json");
		assertThat(request.body()).isEqualTo(
				"{\"slug\":\"acme\",\"name\":\"Acme\",\"company_name\":\"Acme\",\"admin_email\":\"ops@acme.test\"}");
	}

	@Test
	void readsTheSlugAndUrlOfTheShorterCreateShape() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"slug\":\"acme-corp\",\"url\":\"https://acme-corp.myreseller.com\",\"status\":\"active\"}"));
		CreatedTenant created = this.client.createTenant(new NewTenant("acme", "Acme", null, null, "pro"));
		assertThat(created.slug()).isEqualTo("acme-corp");
		assertThat(created.url()).isEqualTo("https://acme-corp.myreseller.com");
	}

	@Test
	void tellsATakenSlugFromAnInvalidOne() {
		this.server.answer((r) -> StubServer.Answer.json(422,
				"{\"message\":\"The slug has already been taken.\",\"errors\":{\"slug\":[\"The slug has already been taken.\"]}}"));
		ArchiveApiException taken = create();
		assertThat(taken.isSlugTaken()).isTrue();
		assertThat(taken.isSlugInvalid()).isFalse();
		assertThat(taken.isRetriable()).isFalse();
		assertThat(taken.errors()).containsKey("slug");

		this.server.answer((r) -> StubServer.Answer.json(422,
				"{\"message\":\"The slug is reserved.\",\"errors\":{\"slug\":[\"The slug is reserved.\"]}}"));
		ArchiveApiException invalid = create();
		assertThat(invalid.isSlugTaken()).isFalse();
		assertThat(invalid.isSlugInvalid()).isTrue();

		this.server.answer((r) -> StubServer.Answer.json(409, "{\"message\":\"Conflict\"}"));
		assertThat(create().isSlugTaken()).isTrue();

		this.server.answer((r) -> StubServer.Answer.json(422,
				"{\"message\":\"The admin email field must be a valid email address.\",\"errors\":{\"admin_email\":[\"x\"]}}"));
		ArchiveApiException other = create();
		assertThat(other.isSlugTaken()).isFalse();
		assertThat(other.isSlugInvalid()).isFalse();
	}

	@Test
	void honoursRetryAfterOn429() {
		this.server.answer((r) -> StubServer.Answer.json(429, "{\"message\":\"Too Many Attempts.\"}")
			.withHeader("Retry-After", "7"));
		ArchiveApiException ex = create();
		assertThat(ex.status()).isEqualTo(429);
		assertThat(ex.isRetriable()).isTrue();
		assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
	}

	@Test
	void treatsServerErrorsTimeoutsAndDroppedConnectionsAsRetriable() {
		this.server.answer((r) -> StubServer.Answer.json(503, "{\"message\":\"Service Unavailable\"}"));
		assertThat(create().isRetriable()).isTrue();

		this.server.answer((r) -> null);
		ArchiveApiException dropped = create();
		assertThat(dropped.status()).isEqualTo(ArchiveApiException.NO_STATUS);
		assertThat(dropped.isRetriable()).isTrue();

		this.server.answer((r) -> {
			try {
				Thread.sleep(2_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return StubServer.Answer.json(201, "{}");
		});
		ArchiveApiException timedOut = create();
		assertThat(timedOut.isRetriable()).isTrue();
		assertThat(timedOut.getMessage()).contains("timed out");
	}

	@Test
	void refusesAWrongKeyPermanentlyWithoutNamingIt() {
		this.server.answer((r) -> StubServer.Answer.json(401, "{\"message\":\"Unauthenticated.\"}"));
		ArchiveApiException ex = create();
		assertThat(ex.isUnauthorized()).isTrue();
		assertThat(ex.isRetriable()).isFalse();
		assertThat(ex.getMessage()).doesNotContain(KEY);
		assertThat(this.client.settings().toString()).doesNotContain(KEY);
	}

	@Test
	void suspendsAndUnsuspendsWithPut() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				r.path().endsWith("/suspend") ? "{\"data\":{\"slug\":\"acme\",\"status\":\"suspended\"}}"
						: "{\"slug\":\"acme\",\"status\":\"active\"}"));
		assertThat(this.client.suspend("acme")).isEqualTo("suspended");
		assertThat(this.client.unsuspend("acme")).isEqualTo("active");
		List<StubServer.Seen> requests = this.server.requests();
		assertThat(requests).extracting(StubServer.Seen::method).containsExactly("PUT", "PUT");
		assertThat(requests).extracting(StubServer.Seen::path)
			.containsExactly("/api/reseller/tenants/acme/suspend", "/api/reseller/tenants/acme/unsuspend");
	}

	@Test
	void hasNoWayToDeleteATenant() {
		assertThat(ArchiveApiClient.class.getMethods()).extracting(java.lang.reflect.Method::getName)
			.noneMatch((name) -> name.toLowerCase(java.util.Locale.ROOT).contains("delete"));
	}

	private ArchiveApiException create() {
		try {
			this.client.createTenant(new NewTenant("acme", "Acme", null, null, null));
		}
		catch (ArchiveApiException ex) {
			return ex;
		}
		throw new AssertionError("expected an ArchiveApiException");
	}

}
