package io.emabridge.model.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

	@Test
	void readsSeconds() {
		assertThat(RetryAfter.parse("120", this.clock)).contains(Duration.ofSeconds(120));
	}

	@Test
	void readsAnHttpDateAsTheTimeUntilThen() {
		assertThat(RetryAfter.parse("Sun, 01 Mar 2026 10:00:30 GMT", this.clock)).contains(Duration.ofSeconds(30));
	}

	@Test
	void readsADateInThePastAsNoWait() {
		assertThat(RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", this.clock)).contains(Duration.ZERO);
	}

	@Test
	void ignoresWhatItCannotRead() {
		assertThat(RetryAfter.parse("soon", this.clock)).isEmpty();
		assertThat(RetryAfter.parse("", this.clock)).isEmpty();
		assertThat(RetryAfter.parse(null, this.clock)).isEmpty();
	}

}
