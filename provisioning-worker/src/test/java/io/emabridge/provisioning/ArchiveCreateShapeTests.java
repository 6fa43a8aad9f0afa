package io.emabridge.provisioning;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions.CreateShape;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create against an archive that speaks either documented create shape: the reference
 * ({@code slug}, {@code name}; answered without a URL, so the URL comes from the
 * reseller's base domain) and the shorter page ({@code company_name}, admin, plan;
 * answered with the URL, which the worker takes).
 */
class ArchiveCreateShapeTests extends WorkerIntegrationTests {

	@ParameterizedTest
	@EnumSource(CreateShape.class)
	void aCreateProvisionsTheTenantAndWritesItsUrlBack(CreateShape shape) {
		try (ArchiveSandbox shaped = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withBaseDomain("served.example.test").withCreateShape(shape))) {
			startWorker(Map.of("ema.archive.base-url", shaped.baseUrl(), "ema.archive.base-domain",
					"reseller.example.test"));
			long id = TestNames.serviceId();
			send(Events.create(id, Instant.now(), new Client("Shape Corp " + id, "Ada", "Lovelace", "ada@shape.test"),
					new ProductOptions(null, true, "shape-" + id, "business"), null));

			Map<String, Object> row = awaitSettled(id, ServiceStatus.ACTIVE);
			String slug = (String) row.get("slug");
			assertThat(slug).isEqualTo("shape-" + id);
			ArchiveTenant tenant = shaped.tenant(slug).orElseThrow();
			assertThat(tenant.name()).isEqualTo("Shape Corp " + id);
			assertThat(tenant.adminEmail()).isEqualTo("ada@shape.test");
			assertThat(tenant.adminName()).isEqualTo("Ada Lovelace");
			assertThat(tenant.plan()).isEqualTo("business");
			String url = (shape == CreateShape.OVERVIEW) ? "https://" + slug + ".served.example.test"
					: "https://" + slug + ".reseller.example.test";
			assertThat(row.get("url")).isEqualTo(url);
			assertThat(whmcs.customField(id, 13)).contains(url);
		}
	}

}
