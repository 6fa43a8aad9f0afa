package io.emabridge.usage.collector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LicensesTests {

	private static final long GIB = 1024L * 1024L * 1024L;

	private final Licenses tenGib = new Licenses(10 * GIB);

	@Test
	void anEmptyTenantNeedsNoLicense() {
		assertThat(this.tenGib.of(0, 0)).isZero();
	}

	@Test
	void usersCountWhenTheyNeedMoreThanTheStorage() {
		assertThat(this.tenGib.of(12, 5 * GIB)).isEqualTo(12);
	}

	@Test
	void storageRoundsUpToWholeLicenses() {
		assertThat(this.tenGib.of(0, 1)).isEqualTo(1);
		assertThat(this.tenGib.of(1, 10 * GIB)).isEqualTo(1);
		assertThat(this.tenGib.of(1, 10 * GIB + 1)).isEqualTo(2);
		assertThat(this.tenGib.of(2, 30 * GIB - 1)).isEqualTo(3);
	}

	@Test
	void equalNeedsGiveThatNumber() {
		assertThat(this.tenGib.of(3, 30 * GIB)).isEqualTo(3);
	}

	@Test
	void theLargestFiguresDoNotOverflow() {
		assertThat(new Licenses(1).of(0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
		assertThat(this.tenGib.of(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
		assertThat(this.tenGib.of(0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE / (10 * GIB) + 1);
	}

	@Test
	void theAllocationIsConfigurable() {
		assertThat(new Licenses(GIB).of(1, 5 * GIB + 1)).isEqualTo(6);
		assertThat(new Licenses(50 * GIB).of(1, 60 * GIB)).isEqualTo(2);
	}

	@Test
	void refusesNonsense() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Licenses(0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tenGib.of(-1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tenGib.of(0, -1));
	}

}
