package io.emabridge.provisioning;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WHMCS takes a value for a custom field id the product does not have and drops it
 * without a word, so the worker checks its field ids at start-up and refuses to start
 * with a wrong one rather than write slugs nobody sees.
 */
class CustomFieldsAtStartUpTests extends WorkerIntegrationTests {

	@Test
	void aWrongCustomFieldIdStopsTheWorkerAtStartUpNamingTheSettingAndTheFieldsThereAre() {
		long serviceId = TestNames.serviceId();
		whmcs.putService(WhmcsService.of(serviceId, serviceId));

		assertThatThrownBy(() -> startWorker(Map.of("ema.whmcs.custom-fields.slug", 99))).rootCause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("ema.whmcs.custom-fields.slug=99")
			.hasMessageContaining("12 \"Archive slug\"")
			.hasMessageContaining("13 \"Archive URL\"")
			.hasMessageNotContaining("custom-fields.url");

		assertThat(startWorker().isRunning()).isTrue();
	}

}
