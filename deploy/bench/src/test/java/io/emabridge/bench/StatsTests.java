package io.emabridge.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class StatsTests {

	@Test
	void medianOfAnOddNumberOfRunsIsTheMiddleOne() {
		Stats stats = Stats.of(List.of(9.0, 1.0, 5.0));

		assertThat(stats).isEqualTo(new Stats(5.0, 1.0, 9.0, 3));
	}

	@Test
	void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
		assertThat(Stats.of(4, 1, 3, 10).median()).isEqualTo(3.5);
	}

	@Test
	void oneRunIsItsOwnSpread() {
		assertThat(Stats.of(7)).isEqualTo(new Stats(7, 7, 7, 1));
	}

	@Test
	void noRunsIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> Stats.of(List.of())).withMessage("no measurements");
	}

	@Test
	void percentilesAreNearestRank() {
		double[] samples = new double[100];
		for (int i = 0; i < 100; i++) {
			samples[99 - i] = i + 1;
		}

		assertThat(Stats.percentile(samples, 0.50)).isEqualTo(50);
		assertThat(Stats.percentile(samples, 0.99)).isEqualTo(99);
		assertThat(Stats.percentile(samples, 1.0)).isEqualTo(100);
		assertThat(Stats.percentile(new double[] { 3 }, 0.99)).isEqualTo(3);
		assertThat(Stats.percentile(new double[0], 0.5)).isNaN();
		assertThat(samples[0]).isCloseTo(100, within(0.0)); // the input is left unsorted
	}

}
