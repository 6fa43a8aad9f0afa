package io.emabridge.provisioning.decisions;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.provisioning.support.Events;

import static org.assertj.core.api.Assertions.assertThat;

class TenantRequestsTests {

	private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void namesTheTenantAfterTheCompanyAndSendsWhatIsKnown() {
		NewTenant tenant = TenantRequests
			.of(Events.create(7, AT, new Client("Acme GmbH", "Ada", "Lovelace", "ada@acme.test"),
					new ProductOptions(null, true, null, "pro"), "acme.test"), "acme");
		assertThat(tenant).isEqualTo(new NewTenant("acme", "Acme GmbH", "ada@acme.test", "Ada Lovelace", "pro"));
	}

	@Test
	void fallsBackToThePersonThenTheDomainThenTheServiceId() {
		assertThat(
				TenantRequests.of(Events.create(7, AT, new Client(" ", "Ada", "Lovelace", null), null, "a.test"), "s")
					.name())
			.isEqualTo("Ada Lovelace");
		assertThat(TenantRequests.of(Events.create(7, AT, null, null, "acme.test"), "s").name()).isEqualTo("acme.test");
		assertThat(TenantRequests.of(Events.create(7, AT, null, null, null), "s").name()).isEqualTo("Service 7");
	}

	@Test
	void leavesOutAnEmailAddressThatIsNotOneAndNamesTheAdministratorAfterTheTenantWithoutAPerson() {
		NewTenant tenant = TenantRequests
			.of(Events.create(7, AT, new Client("Acme", null, null, "not an address"), null, null), "acme");
		assertThat(tenant.adminEmail()).isNull();
		// the shorter API page requires an administrator's name
		assertThat(tenant.adminName()).isEqualTo("Acme");
	}

	@Test
	void cutsTextToWhatTheArchiveAccepts() {
		NewTenant tenant = TenantRequests
			.of(Events.create(7, AT, new Client("x".repeat(300), null, null, null), null, null), "acme");
		assertThat(tenant.name()).hasSize(255);
	}

	@Test
	void dropsControlCharactersAndLoneSurrogatesAndNeverCutsAPairInHalf() {
		NewTenant tenant = TenantRequests.of(Events.create(7, AT,
				new Client("Null\u0000Byte\u0007 GmbH\ud800", "Ada\u001b", "Love\u202Elace", null), null, null),
				"acme");
		assertThat(tenant.name()).isEqualTo("NullByte GmbH");
		assertThat(tenant.adminName()).isEqualTo("Ada Love\u202Elace");
		String emoji = "\ud83d\udce6".repeat(200);
		NewTenant cut = TenantRequests.of(Events.create(7, AT, new Client("x" + emoji, null, null, null), null, null),
				"acme");
		assertThat(cut.name()).hasSize(255);
		assertThat(Character.isHighSurrogate(cut.name().charAt(cut.name().length() - 1))).isFalse();
		NewTenant onlyControls = TenantRequests
			.of(Events.create(7, AT, new Client("\u0000\u0001", null, null, null), null, null), "acme");
		assertThat(onlyControls.name()).isEqualTo("Service 7");
	}

}
