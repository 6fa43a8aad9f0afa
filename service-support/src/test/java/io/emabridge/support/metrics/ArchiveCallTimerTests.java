package io.emabridge.support.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.ArchiveApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArchiveCallTimerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ArchiveCallTimer timer = new ArchiveCallTimer(this.registry);

	@Test
	void aCallThatAnsweredIsCountedAsSuccessWhateverItsCode() {
		assertThat(this.timer.timed("create", () -> "created")).isEqualTo("created");
		this.timer.timed("create", () -> null);

		assertThat(count("create", "2xx")).isEqualTo(2);
		assertThat(this.registry.find(ArchiveCallTimer.NAME).tag("status", "200").timer()).isNull();
	}

	@Test
	void aFailedCallIsCountedByItsStatusOrAsNoAnswerAndThrownOnUnchanged() {
		ArchiveApiException refused = failure(429);
		ArchiveApiException dropped = failure(ArchiveApiException.NO_STATUS);

		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.timer.timed("list", () -> {
			throw refused;
		})).isSameAs(refused);
		assertThatExceptionOfType(ArchiveApiException.class).isThrownBy(() -> this.timer.timed("list", () -> {
			throw dropped;
		})).isSameAs(dropped);

		assertThat(count("list", "429")).isEqualTo(1);
		assertThat(count("list", "none")).isEqualTo(1);
	}

	@Test
	void anUnexpectedFailureIsStillTimed() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.timer.timed("usage", () -> {
			throw new IllegalStateException("bug");
		}));

		assertThat(count("usage", "2xx") + count("usage", "none")).isEqualTo(1);
	}

	private long count(String operation, String status) {
		var timer = this.registry.find(ArchiveCallTimer.NAME).tag("operation", operation).tag("status", status).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static ArchiveApiException failure(int status) {
		return new ArchiveApiException("list", status, "failed", null, null, null);
	}

}
