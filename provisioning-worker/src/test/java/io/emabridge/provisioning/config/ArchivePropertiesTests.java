package io.emabridge.provisioning.config;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The reseller's base domain: required for a real archive, whose create answer may carry
 * no URL; the sandbox's own for an archive on this machine.
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

	private static ArchiveProperties properties(String baseUrl, String baseDomain) {
		return new ArchiveProperties(URI.create(baseUrl), "key", baseDomain, Duration.ofSeconds(10),
				Duration.ofSeconds(5), null, null, null);
	}

}
