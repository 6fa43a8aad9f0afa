package io.emabridge.provisioning.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.provisioning.config.ArchiveProperties;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveCircuitTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

	private final List<ArchiveCircuit.State> changes = new ArrayList<>();

	private final ArchiveCircuit circuit = circuit(true);

	@Test
	void opensWhenTheFailureRateOfTheWindowReachesTheThreshold() {
		fail(503);
		fail(ArchiveApiException.NO_STATUS);
		fail(500);
		assertThat(this.circuit.state()).as("below the minimum number of calls").isEqualTo(ArchiveCircuit.State.CLOSED);
		fail(504);
		assertThat(this.circuit.state()).isEqualTo(ArchiveCircuit.State.OPEN);
		assertThat(this.changes).containsExactly(ArchiveCircuit.State.OPEN);
		assertThatThrownBy(this.circuit::acquire).isInstanceOfSatisfying(ProvisioningFailure.class, (failure) -> {
			assertThat(failure.isRetriable()).isTrue();
			assertThat(CallNotSent.isCause(failure)).isTrue();
			assertThat(((CallNotSent) failure.getCause()).reason()).isEqualTo(CallNotSent.Reason.CIRCUIT_OPEN);
		});
	}

	@Test
	void answersAboutOneRequestAndRateLimitsDoNotOpenIt() {
		for (int status : new int[] { 401, 403, 404, 409, 422, 429, 429, 429, 429, 429 }) {
			fail(status);
		}
		fail(503);
		fail(503);
		assertThat(this.circuit.state()).isEqualTo(ArchiveCircuit.State.CLOSED);
		this.circuit.acquire();
	}

	@Test
	void staysOpenForTheWaitThenProbesAndClosesWhenTheProbesSucceed() {
		open();
		AtomicInteger probes = new AtomicInteger();
		assertThat(this.circuit.admitsWork(probes::incrementAndGet)).isFalse();
		assertThat(probes).as("no probe before the wait in the open state").hasValue(0);

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.circuit.admitsWork(probes::incrementAndGet)).isTrue();
		assertThat(probes).as("the permitted calls of the half-open state").hasValue(2);
		assertThat(this.circuit.state()).isEqualTo(ArchiveCircuit.State.CLOSED);
		assertThat(this.changes).containsExactly(ArchiveCircuit.State.OPEN, ArchiveCircuit.State.HALF_OPEN,
				ArchiveCircuit.State.CLOSED);
		this.circuit.acquire();
	}

	@Test
	void aFailedProbeOpensItAgainForAnotherWait() {
		open();
		this.clock.advance(Duration.ofSeconds(31));
		AtomicInteger probes = new AtomicInteger();
		assertThat(this.circuit.admitsWork(() -> {
			probes.incrementAndGet();
			throw exception(503);
		})).isFalse();
		assertThat(probes).hasValue(1);
		assertThat(this.circuit.state()).isEqualTo(ArchiveCircuit.State.OPEN);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.circuit.admitsWork(probes::incrementAndGet)).isFalse();
		assertThat(probes).hasValue(1);
	}

	@Test
	void remembersHowLongItWasOpen() {
		Instant start = this.clock.instant();
		this.clock.advance(Duration.ofMinutes(5));
		open();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.circuit.openTimeSince(start)).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.circuit.admitsWork(() -> {
		})).isTrue();
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(this.circuit.openTimeSince(start)).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.circuit.openTimeSince(start.plus(Duration.ofMinutes(10)))).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.circuit.openTimeSince(this.clock.instant())).isZero();
	}

	@Test
	void disabledLetsEveryCallThrough() {
		ArchiveCircuit disabled = circuit(false);
		for (int i = 0; i < 10; i++) {
			disabled.acquire();
			disabled.failed(1, exception(503));
		}
		assertThat(disabled.state()).isEqualTo(ArchiveCircuit.State.CLOSED);
		assertThat(disabled.admitsWork(() -> {
			throw new AssertionError("no probe while disabled");
		})).isTrue();
	}

	private ArchiveCircuit circuit(boolean enabled) {
		ArchiveCircuit made = new ArchiveCircuit(new ArchiveProperties.CircuitBreakerProperties(enabled,
				ArchiveProperties.WindowType.COUNT, 10, 4, 50, Duration.ofSeconds(30), 2), this.clock);
		made.onStateChange(this.changes::add);
		return made;
	}

	private void open() {
		for (int i = 0; i < 4; i++) {
			fail(503);
		}
		assertThat(this.circuit.state()).isEqualTo(ArchiveCircuit.State.OPEN);
	}

	private void fail(int status) {
		this.circuit.acquire();
		this.circuit.failed(1_000_000, exception(status));
	}

	private static ArchiveApiException exception(int status) {
		return new ArchiveApiException("create", status, "HTTP " + status, null, null, null);
	}

}
