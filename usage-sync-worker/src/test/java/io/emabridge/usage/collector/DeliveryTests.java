package io.emabridge.usage.collector;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.usage.whmcs.UsageTarget.WrittenUsage;

import static org.assertj.core.api.Assertions.assertThat;

/** When WHMCS holds a tenant's last figures. */
class DeliveryTests {

	private static final long MIB = 1024L * 1024L;

	// 3 users, 5 MiB and a byte (6 MB in WHMCS), 4 licenses, 900 messages
	private final UsageSnapshot.Figures figures = new UsageSnapshot.Figures("active", 3, 5 * MIB + 1, 900L, 4);

	private final WrittenUsage inWhmcs = new WrittenUsage(6, 3, 4);

	@Test
	void deliveredWhenEveryServiceHoldsWhatWhmcsTakesFromTheFigures() {
		assertThat(Delivery.of(this.figures, 1, List.of(this.inWhmcs), false)).isEqualTo(Delivery.DELIVERED);
		assertThat(Delivery.of(this.figures, 2, List.of(this.inWhmcs, this.inWhmcs), false))
			.isEqualTo(Delivery.DELIVERED);
		// status and messages are not written into WHMCS: they make no difference here
		assertThat(Delivery.of(new UsageSnapshot.Figures("suspended", 3, 6 * MIB, null, 4), 1, List.of(this.inWhmcs),
				false))
			.isEqualTo(Delivery.DELIVERED);
	}

	@Test
	void undeliveredWhileAServiceHoldsOtherFiguresOrNone() {
		// the writer gave up on these figures: the service still holds older ones
		assertThat(Delivery.of(this.figures, 1, List.of(new WrittenUsage(6, 2, 4)), false))
			.isEqualTo(Delivery.UNDELIVERED);
		// never written
		assertThat(Delivery.of(this.figures, 1, List.of(), false)).isEqualTo(Delivery.UNDELIVERED);
		// one service of two
		assertThat(Delivery.of(this.figures, 2, List.of(this.inWhmcs), false)).isEqualTo(Delivery.UNDELIVERED);
		assertThat(Delivery.of(this.figures, 2, List.of(this.inWhmcs, new WrittenUsage(7, 3, 4)), false))
			.isEqualTo(Delivery.UNDELIVERED);
	}

	@Test
	void aTenantWithoutAServiceWaitsForItsTenantStateOnlyWhileTheWriterKeepsItsSnapshot() {
		assertThat(Delivery.of(this.figures, 0, List.of(), true)).isEqualTo(Delivery.KEPT_FOR_UNKNOWN_SERVICE);
		assertThat(Delivery.KEPT_FOR_UNKNOWN_SERVICE.resend()).isFalse();
		// not kept: the writer has not seen it, or gave up on it
		assertThat(Delivery.of(this.figures, 0, List.of(), false)).isEqualTo(Delivery.UNDELIVERED);
		assertThat(Delivery.UNDELIVERED.resend()).isTrue();
		// a service is known now: what WHMCS holds decides, whatever is kept
		assertThat(Delivery.of(this.figures, 1, List.of(), true)).isEqualTo(Delivery.UNDELIVERED);
	}

}
