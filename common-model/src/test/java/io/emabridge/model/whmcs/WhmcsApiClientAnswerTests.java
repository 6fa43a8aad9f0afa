package io.emabridge.model.whmcs;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.StubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * WHMCS answers at the edges: errors without a message, XML instead of JSON, rate limits,
 * a product list that does not contain the service asked for.
 */
class WhmcsApiClientAnswerTests {

	private static final String SECRET = "whmcs-secret-77";

	private StubServer server;

	private WhmcsApiClient client;

	@BeforeEach
	void start() throws Exception {
		this.server = new StubServer();
		this.client = new WhmcsApiClient(WhmcsApiSettings.of(this.server.baseUrl() + "/", "ident", SECRET));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void postsToTheApiPathOfABaseUrlWithATrailingSlash() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\"}"));
		this.client.logActivity("x", null);
		assertThat(this.server.requests().get(0).path()).isEqualTo("/includes/api.php");
		assertThat(this.server.requests().get(0).body()).doesNotContain("clientid");
	}

	@Test
	void readsNumbersWhmcsSendsAsStrings() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\",\"totalresults\":\"30\","
				+ "\"startnumber\":0,\"numreturned\":1,\"products\":{\"product\":[{\"id\":\"7\",\"clientid\":\"3\","
				+ "\"pid\":\"1\",\"customfields\":{\"customfield\":[{\"id\":\"12\",\"name\":\"Archive slug\","
				+ "\"value\":\"acme\"}]}}]}}"));
		ClientProductPage page = this.client.listClientsProducts(null, 0, 1);
		assertThat(page.total()).isEqualTo(30);
		assertThat(page.products()).singleElement().satisfies((product) -> {
			assertThat(product.id()).isEqualTo(7);
			assertThat(product.clientId()).isEqualTo(3);
			assertThat(product.pid()).isEqualTo(1);
			assertThat(product.customFields())
				.containsExactly(new ClientProduct.CustomField(12, "Archive slug", "acme"));
		});
		assertThat(this.client.getClientsProducts(7)).isPresent();
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\",\"id\":\"31\",\"tid\":\"1\"}"));
		assertThat(this.client
			.openTicket(new WhmcsApiClient.NewTicket(1, "s", "m", 3L, null, null, null, "Low", false, true))
			.id()).isEqualTo(31);
	}

	@Test
	void sendsTheAccessKeyWhenOneIsSetAndNeverPrintsIt() {
		WhmcsApiClient keyed = new WhmcsApiClient(
				WhmcsApiSettings.of(this.server.baseUrl(), "ident", SECRET).withAccessKey("k3y-(for)-all_calls"));
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"success\"}"));
		keyed.logActivity("x", null);
		this.client.logActivity("y", null);
		assertThat(this.server.requests().get(0).body()).contains("accesskey=k3y-%28for%29-all_calls");
		assertThat(this.server.requests().get(1).body()).doesNotContain("accesskey");
		assertThat(keyed.settings().toString()).doesNotContain("k3y").contains("accessKey=(hidden)");
	}

	@Test
	void findsNothingWhenTheAnswerHoldsOnlyOtherServices() {
		this.server.answer((r) -> StubServer.Answer.json(200,
				"{\"result\":\"success\",\"products\":{\"product\":[{\"id\":8,\"clientid\":1,\"pid\":1}]}}"));
		assertThat(this.client.getClientsProducts(7)).isEmpty();
	}

	@Test
	void treatsAnErrorWithoutMessageAsPermanent() {
		this.server.answer((r) -> StubServer.Answer.json(200, "{\"result\":\"error\"}"));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.getMessage()).contains("no message");
			});
	}

	@Test
	void treatsAnAnswerThatIsNotJsonAsPermanent() {
		this.server.answer((r) -> new StubServer.Answer(200,
				"<?xml version=\"1.0\"?><whmcsapi><result>error</result></whmcsapi>", Map.of()));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.getMessage()).contains("responsetype=json");
			});
	}

	@Test
	void treatsRateLimitsAndServerErrorsAsRetriable() {
		for (int status : new int[] { 429, 500, 502, 504 }) {
			this.server.answer((r) -> new StubServer.Answer(status, "", Map.of()));
			assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
				.satisfies((ex) -> {
					assertThat(ex.status()).isEqualTo(status);
					assertThat(ex.isRetriable()).isTrue();
				});
		}
	}

	@Test
	void treatsOtherClientErrorsAsPermanent() {
		this.server.answer((r) -> new StubServer.Answer(404, "", Map.of()));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> assertThat(ex.isRetriable()).isFalse());
	}

	@Test
	void neverEchoesTheSecretEvenWhenWhmcsDoes() {
		this.server
			.answer((r) -> StubServer.Answer.json(403, "{\"result\":\"error\",\"message\":\"Authentication Failed\"}"));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> assertThat(ex.toString()).doesNotContain(SECRET));
	}

}
