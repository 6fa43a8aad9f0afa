package io.emabridge.sandbox.clients;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.model.whmcs.ClientProduct;
import io.emabridge.model.whmcs.ClientProductPage;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.model.whmcs.WhmcsApiSettings;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Listing every service page by page, and the module Create, against the WHMCS sandbox
 * over real HTTP.
 */
class WhmcsApiClientListingTests {

	private static WhmcsSandbox sandbox;

	private WhmcsApiClient client;

	@BeforeAll
	static void start() {
		// WHMCS answers "products": "" when nothing matches; the client must take that as
		// an empty page
		sandbox = WhmcsSandbox.start(WhmcsSandboxOptions.defaults().withEmptyProductsAsString(true));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
		this.client = new WhmcsApiClient(new WhmcsApiSettings(URI.create(sandbox.baseUrl()),
				WhmcsSandboxOptions.DEFAULT_IDENTIFIER, WhmcsSandboxOptions.DEFAULT_SECRET, Duration.ofSeconds(5),
				Duration.ofSeconds(5), WhmcsSandboxOptions.DEFAULT_ACCESS_KEY));
	}

	@Test
	void listsEveryServicePageByPage() {
		for (long id = 1; id <= 7; id++) {
			sandbox.putService(WhmcsService.of(id, 100 + id).withCustomField(WhmcsProduct.SLUG_FIELD_ID, "slug-" + id));
		}
		List<ClientProduct> all = new ArrayList<>();
		List<Integer> starts = new ArrayList<>();
		ClientProductPage page = this.client.listClientsProducts(1L, 0, 3);
		while (true) {
			starts.add(page.start());
			all.addAll(page.products());
			if (!page.hasNext()) {
				break;
			}
			page = this.client.listClientsProducts(1L, page.nextStart(), 3);
		}

		assertThat(starts).containsExactly(0, 3, 6);
		assertThat(page.total()).isEqualTo(7);
		assertThat(all).extracting(ClientProduct::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
		assertThat(all.get(6).customField(WhmcsProduct.SLUG_FIELD_ID)).hasValue("slug-7");
		assertThat(all.get(6).clientId()).isEqualTo(107);
		assertThat(this.client.listClientsProducts(null, 0, 10).products()).hasSize(7);
	}

	@Test
	void anotherProductOrAPageBeyondTheEndIsEmpty() {
		sandbox.putService(WhmcsService.of(1, 1));

		ClientProductPage none = this.client.listClientsProducts(99L, 0, 10);
		assertThat(none.products()).isEmpty();
		assertThat(none.hasNext()).isFalse();
		assertThat(this.client.listClientsProducts(1L, 5, 10).hasNext()).isFalse();
	}

	@Test
	void refusesPagesThatCannotExist() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.listClientsProducts(null, -1, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.listClientsProducts(null, 0, 0));
	}

	@Test
	void asksWhmcsToRunTheModulesCreate() {
		sandbox.putService(WhmcsService.of(5, 1).withStatus("Pending"));

		this.client.moduleCreate(5);

		assertThat(sandbox.service(5).orElseThrow().status()).isEqualTo("Active");
		assertThat(sandbox.requests()).extracting((r) -> r.action()).contains("ModuleCreate");
		assertThatExceptionOfType(WhmcsApiException.class).isThrownBy(() -> this.client.moduleCreate(6))
			.withMessageContaining("Service ID Not Found");
	}

}
