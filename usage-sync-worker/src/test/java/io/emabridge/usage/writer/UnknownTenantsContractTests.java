package io.emabridge.usage.writer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link UnknownTenants} promises the writer, the tenant state listener and
 * the operators' endpoint, run against the PostgreSQL one and against the in-memory one
 * of the writer's plain-Java tests.
 */
abstract class UnknownTenantsContractTests {

	protected final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));

	private UnknownTenants unknown;

	/** No unknown tenant yet, on {@link #clock}. */
	protected abstract UnknownTenants empty();

	@BeforeEach
	void start() {
		this.unknown = empty();
	}

	@Test
	void theNewestSnapshotOfATenantIsKeptAndOnlyItsFirstIsNews() {
		Instant first = this.clock.instant();

		assertThat(this.unknown.record("acme", bytes("one"))).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.unknown.record("acme", bytes("two"))).isFalse();

		assertThat(this.unknown.count()).isOne();
		assertThat(this.unknown.snapshotsOf(List.of("acme", "beta"))).containsOnlyKeys("acme");
		assertThat(this.unknown.snapshotsOf(List.of("acme")).get("acme")).isEqualTo(bytes("two"));
		assertThat(this.unknown.list(10))
			.containsExactly(new UnknownTenants.Unknown("acme", first, first.plus(Duration.ofMinutes(1)), 2));
	}

	@Test
	void theLongestUnknownAreListedFirstUpToTheLimit() {
		this.unknown.record("gamma", bytes("g"));
		this.unknown.record("beta", bytes("b"));
		this.clock.advance(Duration.ofSeconds(1));
		this.unknown.record("alpha", bytes("a"));
		this.unknown.record("gamma", bytes("g2"));

		assertThat(this.unknown.list(10)).extracting(UnknownTenants.Unknown::slug)
			.containsExactly("beta", "gamma", "alpha");
		assertThat(this.unknown.list(2)).extracting(UnknownTenants.Unknown::slug).containsExactly("beta", "gamma");
		assertThat(this.unknown.snapshotsOf(List.of())).isEmpty();
	}

	@Test
	void aTenantIsForgottenOnlyWithTheSnapshotItWasHandedBack() {
		this.unknown.record("acme", bytes("one"));
		byte[] handedBack = this.unknown.snapshotsOf(List.of("acme")).get("acme");
		this.unknown.record("acme", bytes("two"));

		this.unknown.forget("acme", handedBack);
		assertThat(this.unknown.count()).as("a newer snapshot arrived meanwhile").isOne();

		this.unknown.forget("acme", bytes("two"));
		assertThat(this.unknown.count()).isZero();
		assertThat(this.unknown.snapshotsOf(List.of("acme"))).isEmpty();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
