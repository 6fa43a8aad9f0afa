package io.emabridge.provisioning.whmcs;

import java.util.Map;

import io.emabridge.model.whmcs.ClientProduct;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The shared WHMCS API client against the WHMCS sandbox. */
class WhmcsApiClientSandboxTests {

	private static WhmcsSandbox sandbox;

	private static WhmcsApiClient client;

	@BeforeAll
	static void start() {
		sandbox = WhmcsSandbox.start();
		client = new WhmcsApiClient(WhmcsApiSettings.of(sandbox.baseUrl(), "sandbox", "sandbox"));
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
	void writesUsernameAndCustomFieldsAndReadsThemBack() {
		long id = TestNames.serviceId();
		sandbox.putService(WhmcsService.of(id, 5));
		client.updateClientProduct(id, Map.of("serviceusername", "acme-corp"),
				Map.of(WhmcsProduct.SLUG_FIELD_ID, "acme-corp", WhmcsProduct.URL_FIELD_ID, "https://acme-corp.test"));
		WhmcsService stored = sandbox.service(id).orElseThrow();
		assertThat(stored.username()).isEqualTo("acme-corp");
		assertThat(stored.customField(WhmcsProduct.SLUG_FIELD_ID)).isEqualTo("acme-corp");
		ClientProduct product = client.getClientsProducts(id).orElseThrow();
		assertThat(product.clientId()).isEqualTo(5);
		assertThat(product.customField("Archive URL")).contains("https://acme-corp.test");
	}

	@Test
	void unknownServiceIsAPermanentError() {
		long id = TestNames.serviceId();
		assertThat(client.getClientsProducts(id)).isEmpty();
		assertThatExceptionOfType(WhmcsApiException.class)
			.isThrownBy(() -> client.updateClientProduct(id, Map.of("serviceusername", "x"), Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.getMessage()).contains("Service ID Not Found");
			});
	}

	@Test
	void logsActivity() {
		client.logActivity("Archive tenant acme-corp provisioned", 5L);
		assertThat(sandbox.activityLog()).anySatisfy((line) -> assertThat(line.toString()).contains("acme-corp"));
	}

	@Test
	void wrongSecretIsAPermanentAuthenticationFailure() {
		WhmcsApiClient wrong = new WhmcsApiClient(WhmcsApiSettings.of(sandbox.baseUrl(), "sandbox", "nope-secret"));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> wrong.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.isAuthenticationFailure()).isTrue();
				assertThat(ex.isRetriable()).isFalse();
				assertThat(ex.getMessage()).doesNotContain("nope-secret");
			});
	}

	@Test
	void outageIsRetriable() {
		sandbox.faults(Faults.none().withDown(true));
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> client.logActivity("x", null))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.isRetriable()).isTrue();
			});
	}
}
