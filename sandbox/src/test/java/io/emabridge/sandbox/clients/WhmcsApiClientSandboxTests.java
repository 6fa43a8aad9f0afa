package io.emabridge.sandbox.clients;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.model.whmcs.ClientProduct;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiClient.NewTicket;
import io.emabridge.model.whmcs.WhmcsApiClient.OpenedTicket;
import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.sandbox.whmcs.WhmcsTicket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The WHMCS client against the WHMCS sandbox over real HTTP: what the client writes must
 * land on the service as WHMCS stores it, and every failure must be classified the way
 * the write-back's retry schedule relies on.
 */
class WhmcsApiClientSandboxTests {

	private static final String IDENTIFIER = "bridge";

	private static final String SECRET = "bridge-secret-value";

	private static WhmcsSandbox sandbox;

	private WhmcsApiClient client;

	@BeforeAll
	static void start() {
		sandbox = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withCredentials(IDENTIFIER, SECRET).withSeed(5));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
		this.client = client(sandbox.baseUrl(), SECRET, Duration.ofSeconds(5));
	}

	@Test
	void readsAServiceWithItsCustomFields() {
		sandbox.putService(WhmcsService.of(41, 7)
			.withDomain("acme.test")
			.withUsername("acme")
			.withCustomField(WhmcsProduct.SLUG_FIELD_ID, "acme-corp"));
		ClientProduct product = this.client.getClientsProducts(41).orElseThrow();
		assertThat(product.id()).isEqualTo(41);
		assertThat(product.clientId()).isEqualTo(7);
		assertThat(product.pid()).isEqualTo(1);
		assertThat(product.domain()).isEqualTo("acme.test");
		assertThat(product.status()).isEqualTo("Active");
		assertThat(product.customField(WhmcsProduct.SLUG_FIELD_ID)).contains("acme-corp");
		assertThat(product.customField("Archive slug")).contains("acme-corp");
		assertThat(product.customField(WhmcsProduct.URL_FIELD_ID)).contains("");
	}

	@Test
	void findsNothingForAnUnknownService() {
		assertThat(this.client.getClientsProducts(404)).isEmpty();
	}

	@Test
	void writesFieldsAndCustomFieldsOntoTheService() {
		sandbox.putService(WhmcsService.of(41, 7));
		this.client.updateClientProduct(41, Map.of("serviceusername", "acme-corp"), Map.of(WhmcsProduct.SLUG_FIELD_ID,
				"acme-corp", WhmcsProduct.URL_FIELD_ID, "https://acme-corp.archive.reseller.test"));
		assertThat(sandbox.customField(41, WhmcsProduct.SLUG_FIELD_ID)).contains("acme-corp");
		assertThat(sandbox.customField(41, "Archive URL")).contains("https://acme-corp.archive.reseller.test");
		assertThat(sandbox.service(41)).hasValueSatisfying((s) -> assertThat(s.username()).isEqualTo("acme-corp"));
		assertThat(this.client.getClientsProducts(41).orElseThrow().customField(WhmcsProduct.SLUG_FIELD_ID))
			.contains("acme-corp");
	}

	@Test
	void writesCustomFieldsWithMultiByteCharacters() {
		sandbox.putService(WhmcsService.of(41, 7));
		this.client.updateClientProduct(41, Map.of(), Map.of(WhmcsProduct.SLUG_FIELD_ID, "Müller & Söhne"));
		assertThat(sandbox.customField(41, WhmcsProduct.SLUG_FIELD_ID)).contains("Müller & Söhne");
	}

	@Test
	void logsActivityForAClient() {
		this.client.logActivity("Archive tenant acme-corp provisioned", 7L);
		this.client.logActivity("Archive bridge started", null);
		assertThat(sandbox.activityLog()).hasSize(2).satisfiesExactly((first) -> {
			assertThat(first.description()).isEqualTo("Archive tenant acme-corp provisioned");
			assertThat(first.clientId()).isEqualTo(7L);
		}, (second) -> assertThat(second.clientId()).isNull());
	}

	@Test
	void findsATicketItOpenedByAMarkerInItsSubject() {
		OpenedTicket opened = this.client.openTicket(ticket(1, "Archive tenant could not be created [notice-a1]"));
		OpenedTicket other = this.client.openTicket(ticket(1, "Archive tenant could not be created [notice-b2]"));

		assertThat(this.client.findTickets("[notice-a1]", 1)).containsExactly(opened);
		assertThat(this.client.findTickets("[notice-b2]", null)).containsExactly(other);
		assertThat(this.client.findTickets("[notice-c3]", 1)).isEmpty();
		assertThat(this.client.findTickets("[notice-a1]", 2)).isEmpty();
		assertThat(sandbox.requests()).extracting(RecordedRequest::action)
			.containsExactly("OpenTicket", "OpenTicket", "GetTickets", "GetTickets", "GetTickets", "GetTickets");
	}

	@Test
	void findsATicketWhoseOpeningAnswerWasLost() {
		sandbox.faults(Faults.none().withErrorRate(1.0).withErrorAfterApply(true).withAction("OpenTicket"));

		assertThatExceptionOfType(WhmcsApiException.class)
			.isThrownBy(() -> this.client.openTicket(ticket(1, "Archive tenant could not be created [notice-a1]")))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isRetriable()).isTrue();
			});

		WhmcsTicket stored = sandbox.tickets().get(0);
		assertThat(this.client.findTickets("[notice-a1]", 1))
			.containsExactly(new OpenedTicket(stored.id(), stored.tid()));
	}

	@Test
	void refusesUpdatingAnUnknownServicePermanentlyWithWhmcsMessage() {
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(
				() -> this.client.updateClientProduct(404, Map.of(), Map.of(WhmcsProduct.SLUG_FIELD_ID, "acme-corp")))
			.satisfies((ex) -> {
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.status()).isEqualTo(200);
				assertThat(ex.action()).isEqualTo("UpdateClientProduct");
				assertThat(ex.getMessage()).contains("Service ID Not Found");
			});
	}

	@Test
	void refusesBadCredentialsPermanentlyWithoutNamingTheSecret() {
		WhmcsApiClient wrong = client(sandbox.baseUrl(), "a-wrong-secret", Duration.ofSeconds(5));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> wrong.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.isAuthenticationFailure()).isTrue();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.toString()).doesNotContain("a-wrong-secret").doesNotContain(SECRET);
			});
		assertThat(wrong.settings().toString()).doesNotContain("a-wrong-secret");
		assertThat(sandbox.activityLog()).isEmpty();
	}

	@Test
	void reportsAWhmcsThatIsDownAsRetriable() {
		sandbox.faults(Faults.none().withDown(true));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.getClientsProducts(41))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isRetriable()).isTrue();
			});
	}

	@Test
	void reportsADroppedConnectionAsRetriable() {
		sandbox.faults(Faults.none().withDropConnectionRate(1.0));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(WhmcsApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.toString()).doesNotContain(SECRET);
			});
	}

	@Test
	void reportsAnAnswerSlowerThanTheTimeoutAsRetriable() {
		WhmcsApiClient impatient = client(sandbox.baseUrl(), SECRET, Duration.ofMillis(300));
		sandbox.faults(Faults.none().withLatencyMs(1_500));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> impatient.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(WhmcsApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
				assertThat(ex.getMessage()).contains("timed out");
			});
		// the sandbox still applies the request once its latency is over: not in the
		// next test
		await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.pendingRequests().isEmpty());
	}

	@Test
	void reportsAnUnreachableWhmcsAsRetriable() {
		WhmcsSandbox gone = WhmcsSandbox.start(WhmcsSandboxOptions.defaults());
		String url = gone.baseUrl();
		gone.close();
		WhmcsApiClient unreachable = client(url, SECRET, Duration.ofSeconds(2));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> unreachable.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(WhmcsApiException.NO_STATUS);
				assertThat(ex.isRetriable()).isTrue();
			});
	}

	@Test
	void acceptsTheApiEndpointItselfAsTheUrl() {
		WhmcsApiClient direct = client(sandbox.apiUrl(), SECRET, Duration.ofSeconds(5));
		direct.logActivity("via the endpoint url", null);
		assertThat(sandbox.requests()).singleElement()
			.satisfies((r) -> assertThat(r.path()).isEqualTo(WhmcsSandbox.API_PATH));
	}

	private static NewTicket ticket(int departmentId, String subject) {
		return new NewTicket(departmentId, subject, "The archive refused the tenant.", 7L, null, null, 41L, "High",
				true, true);
	}

	private static WhmcsApiClient client(String url, String secret, Duration requestTimeout) {
		return new WhmcsApiClient(new WhmcsApiSettings(URI.create(url), IDENTIFIER, secret, Duration.ofSeconds(1),
				requestTimeout, WhmcsSandboxOptions.DEFAULT_ACCESS_KEY));
	}

}
