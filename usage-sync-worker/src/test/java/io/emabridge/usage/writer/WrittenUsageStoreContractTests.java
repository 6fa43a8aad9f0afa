package io.emabridge.usage.writer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.TestNames;
import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;
import io.emabridge.usage.writer.WrittenUsageStore.Write;
import io.emabridge.usage.writer.WrittenUsageStore.Written;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link WrittenUsageStore} promises the writer, run against the PostgreSQL
 * store and against the in-memory one of the writer's plain-Java tests.
 */
abstract class WrittenUsageStoreContractTests {

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

	protected abstract WrittenUsageStore store();

	@Test
	void findsWhatEachServiceWasLastGivenAndNothingForOthers() {
		long given = TestNames.serviceId();
		long notGiven = TestNames.serviceId();
		Written written = new Written(new WrittenUsage(5, 3, 4), this.now);

		store().recordAll(List.of(new Write(given, "acme", written)));

		assertThat(store().find(List.of(given, notGiven))).containsOnlyKeys(given).containsEntry(given, written);
		assertThat(store().find(List.of())).isEmpty();
	}

	@Test
	void aWriteReplacesWhatTheServiceWasGivenBefore() {
		long service = TestNames.serviceId();
		Written first = new Written(new WrittenUsage(5, 3, 4), this.now);
		Written second = new Written(new WrittenUsage(6, 4, 4), this.now.plusSeconds(86_400));

		store().recordAll(List.of(new Write(service, "acme", first)));
		store().recordAll(List.of(new Write(service, "acme", second)));

		assertThat(store().find(List.of(service))).containsEntry(service, second);
	}

	@Test
	void manyWritesAreRecordedAtOnceAndNoneIsAlsoFine() {
		long one = TestNames.serviceId();
		long two = TestNames.serviceId();
		Written written = new Written(new WrittenUsage(1, 1, 1), this.now);

		store().recordAll(List.of());
		store().recordAll(List.of(new Write(one, "one", written), new Write(two, "two", written)));

		assertThat(store().find(List.of(one, two))).containsOnlyKeys(one, two);
	}

}
