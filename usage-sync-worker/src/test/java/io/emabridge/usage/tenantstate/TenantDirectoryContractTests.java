package io.emabridge.usage.tenantstate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link TenantDirectory} promises the writer, run against the PostgreSQL
 * directory and against the in-memory one of the writer's plain-Java tests: a fake that
 * passes the same contract is one whose tests can be trusted.
 */
abstract class TenantDirectoryContractTests {

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	protected abstract TenantDirectory directory();

	@Test
	void aTenantsServicesAreFoundInAscendingOrderAndOthersAreAbsent() {
		String slug = slug();
		long first = TestNames.serviceId();
		long second = first + 1;
		directory().apply(List.of(state(second, slug, this.now, this.now), state(first, slug, this.now, this.now)));

		assertThat(directory().servicesOf(List.of(slug, slug(), "no-such-tenant"))).containsOnlyKeys(slug)
			.containsEntry(slug, List.of(first, second));
		assertThat(directory().servicesOf(List.of())).isEmpty();
	}

	@Test
	void theNewestRecordOfAServiceWinsByItsEventsTimeThenItsWriteTime() {
		long service = TestNames.serviceId();
		String older = slug();
		String newer = slug();
		String rewritten = slug();

		assertThat(directory().apply(List.of(state(service, older, this.now, this.now)))).isOne();
		assertThat(directory().apply(List.of(state(service, newer, this.now.plusSeconds(1), this.now)))).isOne();
		assertThat(directory().apply(List.of(state(service, older, this.now, this.now.plusSeconds(60)))))
			.as("an older event, written later")
			.isZero();
		assertThat(directory().servicesOf(List.of(older, newer))).containsOnlyKeys(newer);

		assertThat(
				directory().apply(List.of(state(service, rewritten, this.now.plusSeconds(1), this.now.plusSeconds(5)))))
			.as("the same event, written again later")
			.isOne();
		assertThat(directory().servicesOf(List.of(newer, rewritten))).containsOnlyKeys(rewritten);
	}

	@Test
	void aBatchIsAppliedInOrderAndCountsWhatItApplied() {
		long service = TestNames.serviceId();
		String first = slug();
		String second = slug();
		String stale = slug();

		int applied = directory().apply(List.of(state(service, first, this.now, this.now),
				state(service, second, this.now.plusSeconds(1), this.now),
				state(service, stale, this.now.minusSeconds(1), this.now)));

		assertThat(applied).isEqualTo(2);
		assertThat(directory().servicesOf(List.of(first, second, stale))).containsOnlyKeys(second);
	}

	private static TenantStateRecord state(long serviceId, String slug, Instant occurredAt, Instant updatedAt) {
		return new TenantStateRecord(serviceId, slug, "https://" + slug + ".archive.example.test", "active", occurredAt,
				UUID.randomUUID(), updatedAt);
	}

	private static String slug() {
		return "t-" + TestNames.shortId();
	}

}
