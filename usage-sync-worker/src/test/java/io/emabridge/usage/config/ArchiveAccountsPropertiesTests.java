package io.emabridge.usage.config;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Further reseller accounts, {@code ema.archive.accounts.<serverId>.*}: a mistake stops
 * the worker at start-up with a message naming the setting, and never shows a key.
 */
class ArchiveAccountsPropertiesTests {

	private static final String SECRET = "s3cret-reseller-key-7f2a";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void noFurtherAccountsByDefault() {
		this.runner.run((context) -> {
			ArchiveProperties properties = context.getBean(ArchiveProperties.class);
			assertThat(properties.accounts()).isEmpty();
			assertThat(properties.apiKey()).isEqualTo("sandbox-key");
		});
	}

	@Test
	void furtherAccountsByServerIdInOrderWithTheDefaultBaseUrlUnlessTheirOwn() {
		this.runner
			.withPropertyValues("ema.archive.base-url=https://api.easymailarchive.com",
					"ema.archive.accounts.12.api-key=key-twelve", "ema.archive.accounts.3.api-key=key-three",
					"ema.archive.accounts.3.base-url=https://eu.easymailarchive.com")
			.run((context) -> {
				ArchiveProperties properties = context.getBean(ArchiveProperties.class);
				assertThat(properties.accounts()).containsOnlyKeys("3", "12");
				assertThat(properties.accounts().keySet()).containsExactly("3", "12");
				assertThat(properties.baseUrlOf(properties.accounts().get("3")))
					.isEqualTo(URI.create("https://eu.easymailarchive.com"));
				assertThat(properties.baseUrlOf(properties.accounts().get("12")))
					.isEqualTo(URI.create("https://api.easymailarchive.com"));
				assertThat(properties.toString()).doesNotContain("key-twelve", "key-three", "sandbox-key");
			});
	}

	@Test
	void anAccountsKeyComesFromTheEnvironment() {
		Map<String, Object> environment = Map.of("EMA_ARCHIVE_ACCOUNTS_7_API_KEY", "key-seven",
				"EMA_ARCHIVE_ACCOUNTS_12_BASE_URL", "https://eu.easymailarchive.com", "EMA_ARCHIVE_ACCOUNTS_12_APIKEY",
				"key-twelve");
		Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));

		ArchiveProperties properties = binder.bindOrCreate("ema.archive", ArchiveProperties.class);

		assertThat(properties.accounts().get("7").apiKey()).isEqualTo("key-seven");
		assertThat(properties.accounts().get("12").apiKey()).isEqualTo("key-twelve");
		assertThat(properties.accounts().get("12").baseUrl()).isEqualTo(URI.create("https://eu.easymailarchive.com"));
	}

	@Test
	void refusesABlankKey() {
		this.runner.withPropertyValues("ema.archive.accounts.7.base-url=https://eu.easymailarchive.com")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("ema.archive.accounts.7.api-key must not be blank"));
		this.runner.withPropertyValues("ema.archive.accounts.7.api-key= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("ema.archive.accounts.7.api-key must not be blank"));
	}

	@Test
	void refusesAMalformedBaseUrlWithoutShowingTheKey() {
		this.runner
			.withPropertyValues("ema.archive.accounts.7.api-key=" + SECRET,
					"ema.archive.accounts.7.base-url=eu.easymailarchive.com")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.hasMessageStartingWith("ema.archive.accounts.7.base-url must be an http or https URL with a host");
				assertThat(everything(context.getStartupFailure())).doesNotContain(SECRET);
			});
		this.runner
			.withPropertyValues("ema.archive.accounts.7.api-key=" + SECRET,
					"ema.archive.accounts.7.base-url=ftp://eu.easymailarchive.com")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("ema.archive.accounts.7.base-url must be an http or https URL"));
		this.runner
			.withPropertyValues("ema.archive.accounts.7.api-key=" + SECRET,
					"ema.archive.accounts.7.base-url=http://eu archive")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(everything(context.getStartupFailure())).contains("ema.archive.accounts.7.base-url")
					.doesNotContain(SECRET);
			});
	}

	@Test
	void refusesAnAccountNotNamedByAServerId() {
		this.runner.withPropertyValues("ema.archive.accounts.europe.api-key=" + SECRET).run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith(
						"ema.archive.accounts.europe: an account is named by the id of its WHMCS" + " server record");
			assertThat(everything(context.getStartupFailure())).doesNotContain(SECRET);
		});
	}

	@Test
	void serversSharingAKeyAreOneAccountCollectedOnce() {
		this.runner
			.withPropertyValues("ema.archive.api-key=" + SECRET, "ema.archive.accounts.7.api-key=" + SECRET,
					"ema.archive.accounts.8.api-key=other-key", "ema.archive.accounts.9.api-key=other-key")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ArchiveProperties.class).accounts()).containsOnlyKeys("8");
			});
	}

	/** Every message and description of a failure and its causes, as a log would show. */
	private static String everything(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			text.append(t).append('\n');
			for (Throwable suppressed : t.getSuppressed()) {
				text.append(suppressed).append('\n');
			}
		}
		return text.toString();
	}

	@EnableConfigurationProperties(ArchiveProperties.class)
	static class PropertiesConfiguration {

	}

}
