package io.emabridge.provisioning.notices;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.notices.NoticeProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The defaults that follow from other settings, and a clear error for settings that
 * cannot work together.
 */
class NoticePropertiesTests {

	@Test
	void ticketsWhenADepartmentIsGivenElseNotes() {
		assertThat(properties(null, null, null, "ops@example.test").mode()).isEqualTo(Mode.NOTE);
		assertThat(properties(null, null, 2, "ops@example.test").mode()).isEqualTo(Mode.TICKET);
		assertThat(properties(null, Mode.NOTE, 2, "").mode()).isEqualTo(Mode.NOTE);
	}

	@Test
	void onWheneverTheWhmcsApiIsUnlessTurnedOff() {
		assertThat(properties(null, null, null, "").active(whmcs(true))).isTrue();
		assertThat(properties(null, null, null, "").active(whmcs(false))).isFalse();
		assertThat(properties(false, null, null, "").active(whmcs(true))).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> properties(true, null, null, "").active(whmcs(false)))
			.withMessageContaining("ema.whmcs.enabled=true");
	}

	@Test
	void ticketsNeedADepartmentAndTheOperatorsAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, Mode.TICKET, null, "ops@example.test"))
			.withMessageContaining("ema.notices.department-id");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, null, 2, ""))
			.withMessageContaining("ema.notices.ticket-email");
		assertThat(properties(false, null, 2, "").mode()).isEqualTo(Mode.TICKET);
	}

	private static NoticeProperties properties(Boolean enabled, Mode mode, Integer department, String email) {
		return new NoticeProperties(enabled, mode, department, "Medium", "Bridge", email, "Bridge",
				Duration.ofSeconds(5), 20, Duration.ofMinutes(2),
				new NoticeProperties.Retry(Duration.ofSeconds(5), 2, Duration.ofMinutes(10)),
				new NoticeProperties.Replay("java -jar dlt.jar", null, URI.create("http://127.0.0.1:8081")));
	}

	private static WhmcsProperties whmcs(boolean enabled) {
		return new WhmcsProperties(enabled, URI.create("http://127.0.0.1:8091"), "sandbox", "sandbox", "",
				Duration.ofSeconds(10), Duration.ofSeconds(5), new WhmcsProperties.CustomFields(12, 13),
				new WhmcsProperties.Retry(Duration.ofSeconds(2), 2, Duration.ofMinutes(10)));
	}

}
