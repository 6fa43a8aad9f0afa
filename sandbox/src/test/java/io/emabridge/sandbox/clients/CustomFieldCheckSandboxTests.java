package io.emabridge.sandbox.clients;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.model.whmcs.CustomFieldCheck;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The start-up check of the custom field ids against a WHMCS that ignores unknown ids
 * silently: found, missing, or not to be told yet.
 */
class CustomFieldCheckSandboxTests {

	private WhmcsSandbox sandbox;

	private WhmcsApiClient client;

	@BeforeEach
	void start() {
		WhmcsProduct other = new WhmcsProduct(2, "Web Hosting", "Hosting", Map.of(20, "Notes"), "cpanel");
		this.sandbox = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withProducts(List.of(WhmcsProduct.easyMailArchive(), other), 1));
		this.client = new WhmcsApiClient(WhmcsApiSettings
			.of(this.sandbox.baseUrl(), WhmcsSandboxOptions.DEFAULT_IDENTIFIER, WhmcsSandboxOptions.DEFAULT_SECRET)
			.withAccessKey(WhmcsSandboxOptions.DEFAULT_ACCESS_KEY));
	}

	@AfterEach
	void stop() {
		this.sandbox.close();
	}

	@Test
	void findsTheAdminOnlyFieldsOfTheModulesProductThroughOneOfItsServices() {
		this.sandbox.putService(WhmcsService.of(7, 1));
		assertThat(CustomFieldCheck.verify(this.client, Map.of("slug", 12, "url", 13))).isEmpty();
	}

	@Test
	void failsNamingThePropertyAndTheFieldsThereAreWhenAFieldIsOnNoProductOfTheModule() {
		this.sandbox.putService(WhmcsService.of(7, 1));
		this.sandbox.putService(WhmcsService.of(8, 1).withPid(2));
		assertThatIllegalStateException()
			.isThrownBy(() -> CustomFieldCheck.verify(this.client,
					Map.of("ema.whmcs.custom-fields.slug", 12, "ema.whmcs.custom-fields.url", 20)))
			.withMessageContaining("ema.whmcs.custom-fields.url=20")
			.withMessageContaining("13 \"Archive URL\"")
			.withMessageNotContaining("custom-fields.slug");
	}

	@Test
	void cannotTellWhileNoServiceOfTheProductExists() {
		assertThat(CustomFieldCheck.verify(this.client, Map.of("slug", 12, "wrong", 99)))
			.containsExactlyInAnyOrder("slug=12", "wrong=99");
	}

}
