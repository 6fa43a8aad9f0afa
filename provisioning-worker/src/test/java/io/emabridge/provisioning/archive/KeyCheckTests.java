package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCheckTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

	private final List<Boolean> changes = new ArrayList<>();

	private final AtomicInteger probes = new AtomicInteger();

	private final KeyCheck check = new KeyCheck(true, Duration.ofSeconds(30), this.clock);

	{
		this.check.onChange(this.changes::add);
	}

	@Test
	void aRefusalTheKeyProbeContradictsIsAboutThatRequestOnly() {
		assertThat(this.check.afterRefusal(probe(KeyCheck.Probe.ACCEPTED))).isEqualTo(KeyCheck.Probe.ACCEPTED);
		assertThat(this.check.refused()).isFalse();
		assertThat(this.check.admitsWork(probe(KeyCheck.Probe.REFUSED))).isTrue();
		assertThat(this.changes).isEmpty();
	}

	@Test
	void aRefusedKeyPausesTheWorkUntilAProbeFindsItWorkingAgain() {
		assertThat(this.check.afterRefusal(probe(KeyCheck.Probe.REFUSED))).isEqualTo(KeyCheck.Probe.REFUSED);
		assertThat(this.check.refused()).isTrue();
		assertThat(this.changes).containsExactly(true);

		// every later refusal shares that answer: no probe each
		for (int i = 0; i < 50; i++) {
			assertThat(this.check.afterRefusal(probe(KeyCheck.Probe.ACCEPTED))).isEqualTo(KeyCheck.Probe.REFUSED);
		}
		assertThat(this.probes).hasValue(1);

		assertThat(this.check.admitsWork(probe(KeyCheck.Probe.ACCEPTED))).as("not before the interval").isFalse();
		assertThat(this.probes).hasValue(1);
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.check.admitsWork(probe(KeyCheck.Probe.REFUSED))).isFalse();
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.check.admitsWork(probe(KeyCheck.Probe.ACCEPTED))).as("not before the next interval").isFalse();
		this.clock.advance(Duration.ofSeconds(25));
		assertThat(this.check.admitsWork(probe(KeyCheck.Probe.ACCEPTED))).isTrue();
		assertThat(this.probes).hasValue(3);
		assertThat(this.check.refused()).isFalse();
		assertThat(this.changes).containsExactly(true, false);
		assertThat(this.check.refusedTimeSince(Instant.parse("2026-05-01T09:00:00Z")))
			.isEqualTo(Duration.ofSeconds(66));
	}

	@Test
	void aKeyThatCannotBeCheckedIsNotCalledRefused() {
		assertThat(this.check.afterRefusal(probe(KeyCheck.Probe.UNKNOWN))).isEqualTo(KeyCheck.Probe.UNKNOWN);
		assertThat(this.check.refused()).isFalse();
	}

	@Test
	void switchedOffEveryRefusalIsTheRequestsOwn() {
		KeyCheck off = new KeyCheck(false, Duration.ofSeconds(30), this.clock);
		assertThat(off.afterRefusal(probe(KeyCheck.Probe.REFUSED))).isEqualTo(KeyCheck.Probe.ACCEPTED);
		assertThat(off.refused()).isFalse();
		assertThat(this.probes).hasValue(0);
	}

	private java.util.function.Supplier<KeyCheck.Probe> probe(KeyCheck.Probe answer) {
		return () -> {
			this.probes.incrementAndGet();
			return answer;
		};
	}

}
