package io.emabridge.model.archive;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArchiveApiSettingsTests {

	@Test
	void hidesTheKeyInToString() {
		ArchiveApiSettings settings = ArchiveApiSettings.of("https://api.example.test", "very-secret-key");
		assertThat(settings.toString()).doesNotContain("very-secret-key").contains("https://api.example.test");
		assertThat(settings.withApiKey("another-secret").toString()).doesNotContain("another-secret");
	}

	@Test
	void fingerprintsTheKeyWithoutShowingIt() {
		// the first 4 bytes of SHA-256("sandbox-key"), the tag both workers give the
		// sandbox's account
		String fingerprint = ArchiveApiSettings.of("https://api.example.test", "sandbox-key").keyFingerprint();
		assertThat(fingerprint).matches("[0-9a-f]{8}")
			.isEqualTo(ArchiveApiSettings.of("https://eu.example.test", "sandbox-key").keyFingerprint())
			.isNotEqualTo(ArchiveApiSettings.of("https://api.example.test", "other-key").keyFingerprint());
	}

	@Test
	void hasDocumentedDefaultTimeouts() {
		ArchiveApiSettings settings = ArchiveApiSettings.of("https://api.example.test", "k");
		assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void refusesABlankKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> ArchiveApiSettings.of("https://api.example.test", " "));
	}

}
