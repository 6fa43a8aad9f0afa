package io.emabridge.provisioning.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The reseller's base domain: required for a real archive, whose create answer may carry
 * no URL; the sandbox's own for an archive on this machine. Further reseller accounts by
 * WHMCS server id.
 */
class ArchivePropertiesTests {

	@Test
	void aRealArchiveWithoutABaseDomainStopsTheWorkerWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties("https://api.easymailarchive.com", ""))
			.withMessageContaining("ema.archive.base-domain is not set")
			.withMessageContaining("archive.yourcompany.com");
		assertThatIllegalArgumentException().isThrownBy(() -> properties("http://10.0.0.7:8090", "  "));
	}

	@Test
	void theSandboxOnThisMachineNeedsNone() {
		assertThat(properties("http://127.0.0.1:8090", "").baseDomain())
			.isEqualTo(ArchiveProperties.SANDBOX_BASE_DOMAIN);
		assertThat(properties("http://localhost:18090", "").baseDomain())
			.isEqualTo(ArchiveProperties.SANDBOX_BASE_DOMAIN);
		assertThat(properties("http://[::1]:8090", "").baseDomain()).isEqualTo(ArchiveProperties.SANDBOX_BASE_DOMAIN);
	}

	@Test
	void aGivenBaseDomainIsUsedAnywhere() {
		assertThat(properties("https://api.easymailarchive.com", " archive.reseller.example ").baseDomain())
			.isEqualTo("archive.reseller.example");
	}

	@Test
	void furtherAccountsAreBoundByServerIdAndTakeTheDefaultsTheyDoNotGive() {
		ArchiveProperties properties = bind(Map.of("ema.archive.base-url", "https://api.easymailarchive.com",
				"ema.archive.base-domain", "archive.brand-one.test", "ema.archive.api-key", "key-one",
				"ema.archive.accounts.2.api-key", "key-two", "ema.archive.accounts.2.base-domain",
				"archive.brand-two.test", "ema.archive.accounts.7.api-key", "key-seven",
				"ema.archive.accounts.7.base-url", "https://eu.api.easymailarchive.com"));
		assertThat(properties.effectiveAccounts()).containsExactly(
				new ArchiveProperties.Account(null, URI.create("https://api.easymailarchive.com"), "key-one",
						"archive.brand-one.test"),
				new ArchiveProperties.Account(2L, URI.create("https://api.easymailarchive.com"), "key-two",
						"archive.brand-two.test"),
				new ArchiveProperties.Account(7L, URI.create("https://eu.api.easymailarchive.com"), "key-seven",
						"archive.brand-one.test"));
		assertThat(properties.toString()).doesNotContain("key-one", "key-two", "key-seven");
	}

	@Test
	void anAccountsKeyComesFromTheEnvironmentAsTheUsageWorkersDoes() {
		Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("EMA_ARCHIVE_ACCOUNTS_7_API_KEY",
						"key-seven", "EMA_ARCHIVE_ACCOUNTS_7_BASE_DOMAIN", "archive.seven.test"))));
		assertThat(binder.bindOrCreate("ema.archive", ArchiveProperties.class).effectiveAccounts().get(1))
			.isEqualTo(new ArchiveProperties.Account(7L, URI.create("http://127.0.0.1:8090"), "key-seven",
					"archive.seven.test"));
	}

	@Test
	void anAccountWithoutAKeyStopsTheWorkerNamingTheSetting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> construct(Map.of(2L, new ArchiveProperties.AccountProperties(" ", null, ""))))
			.withMessageContaining("ema.archive.accounts.2.api-key is not set");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> construct(Map.of(0L, new ArchiveProperties.AccountProperties("k", null, ""))))
			.withMessageContaining("ema.archive.accounts.0.");
	}

	@Test
	void anAccountOnARealArchiveNeedsABaseDomainOfItsOwnOrTheDefaults() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> construct(Map.of(3L,
					new ArchiveProperties.AccountProperties("k", URI.create("https://api.easymailarchive.com"), ""))))
			.withMessageContaining("ema.archive.accounts.3.base-domain is not set");
		assertThat(construct(Map.of(3L,
				new ArchiveProperties.AccountProperties("k", URI.create("https://api.easymailarchive.com"),
						"archive.three.test")))
			.effectiveAccounts()
			.get(1)
			.baseDomain()).isEqualTo("archive.three.test");
	}

	private static ArchiveProperties construct(Map<Long, ArchiveProperties.AccountProperties> accounts) {
		return new ArchiveProperties(URI.create("http://127.0.0.1:8090"), "key", "", Duration.ofSeconds(10),
				Duration.ofSeconds(5), null, null, null, accounts);
	}

	private static ArchiveProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("ema.archive",
				ArchiveProperties.class);
	}

	private static ArchiveProperties properties(String baseUrl, String baseDomain) {
		return new ArchiveProperties(URI.create(baseUrl), "key", baseDomain, Duration.ofSeconds(10),
				Duration.ofSeconds(5), null, null, null, Map.of());
	}

}
