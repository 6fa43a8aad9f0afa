package io.emabridge.model.archive;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Answers at the edges of what the two public API descriptions allow: missing figures,
 * numbers as strings, bodies that are not JSON. The client must read what it can and
 * classify what it cannot, never guess.
 */
class ArchiveApiClientAnswerTests {

	private static final String KEY = "edge-case-key-42";

	private StubServer server;

	private ArchiveApiClient client;

	@BeforeEach
	void start() throws Exception {
		this.server = new StubServer();
		Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
		this.client = new ArchiveApiClient(new ArchiveApiSettings(URI.create(this.server.baseUrl() + "/"), KEY,
				Duration.ofSeconds(2), Duration.ofSeconds(2)), clock);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void leavesAbsentUsageFiguresNull() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"data\":{\"slug\":\"acme\",\"status\":\"active\"}}"));
		Tenant tenant = this.client.getTenant("acme");
		assertThat(tenant.usage()).isEqualTo(new TenantUsage(null, null, null));
		assertThat(tenant.name()).isNull();
		assertThat(tenant.url()).isNull();
	}

	@Test
	void readsNumbersSentAsStrings() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"users_count\":\"7\",\"storage_bytes\":\" 2048 \",\"messages_count\":\"many\"}"));
		assertThat(this.client.usage("acme")).isEqualTo(new TenantUsage(7L, 2048L, null));
	}

	@Test
	void readsStatusCaseInsensitively() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"slug\":\"acme\",\"status\":\"Suspended\"}"));
		assertThat(this.client.getTenant("acme").isSuspended()).isTrue();
	}

	@Test
	void joinsABaseUrlWithATrailingSlashWithoutADoubleSlash() {
		this.server.answer((r) -> StubServer.Answer.json(200, "[]"));
		this.client.listTenants(0);
		assertThat(this.server.requests().get(0).path()).isEqualTo("/api/reseller/tenants");
		assertThat(this.server.requests().get(0).query()).isEqualTo("page=1");
	}

	@Test
	void encodesTheSlugInThePath() {
		this.server.answer((r) -> StubServer.Answer.json(404, "{\"message\":\"Tenant not found.\"}"));
		assertThat(this.client.findTenant("a b/c")).isEmpty();
		assertThat(this.server.requests().get(0).path()).isEqualTo("/api/reseller/tenants/a%20b%2Fc");
	}

	@Test
	void refusesABlankSlugBeforeSendingAnything() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.suspend(" "));
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void takesAListWithoutADataArrayAsAnUnexpectedAnswer() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"tenants\":[]}"));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(ArchiveApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.getMessage()).contains("unexpectedly");
			});
	}

	@Test
	void takesASuccessWithoutJsonAsAnUnexpectedAnswer() {
		this.server.answer((r) -> new StubServer.Answer(200, "<html>maintenance</html>", java.util.Map.of()));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.usage("acme"))
			.satisfies((ex) -> assertThat(ex.isRetriable()).isTrue());
	}

	@Test
	void classifiesAnErrorPageThatIsNotJsonByItsStatus() {
		this.server.answer((r) -> new StubServer.Answer(502, "<html>Bad Gateway</html>", java.util.Map.of()));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.usage("acme"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(502);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.errors()).isEmpty();
			});
	}

	@Test
	void readsRetryAfterGivenAsAnHttpDate() {
		this.server.answer((r) -> StubServer.Answer.json(503, "{\"message\":\"Down for maintenance\"}")
			.withHeader("Retry-After", "Sun, 01 Mar 2026 10:02:00 GMT"));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.retryAfter()).contains(Duration.ofMinutes(2));
				assertThat(ex.getMessage()).contains("Down for maintenance");
			});
	}

	@Test
	void shortensLongErrorMessagesAndNeverNamesTheKey() {
		String longMessage = "x".repeat(1_000) + KEY;
		this.server.answer((r) -> StubServer.Answer.json(500, "{\"message\":\"" + longMessage + "\"}"));
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.client.listTenants(1))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).hasSizeLessThan(400).doesNotContain(KEY);
				assertThat(ex.toString()).doesNotContain(KEY);
			});
	}

	@Test
	void fallsBackToTheRequestedSlugWhenTheCreateAnswerOmitsIt() {
		this.server.answer((r) -> StubServer.Answer.json(201, "{\"data\":{\"status\":\"active\"}}"));
		assertThat(this.client.createTenant(new NewTenant("acme", "Acme", null, null, null)))
			.isEqualTo(new CreatedTenant("acme", null, "active"));
	}

}
