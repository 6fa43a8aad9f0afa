package io.emabridge.provisioning.decisions;

import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ProductOptions;
import io.emabridge.provisioning.support.Events;

import static org.assertj.core.api.Assertions.assertThat;

class SlugPlanTests {

	private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void derivesTheSlugFromTheDomainWithTheProductsPrefix() {
		SlugPlan plan = SlugPlan.of(Events.create(7, AT, new Client("Acme GmbH", null, null, null),
				new ProductOptions("host", true, null, null), "shop.acme.co.uk"), 20);
		assertThat(plan.primary()).isEqualTo("host-acme");
		assertThat(plan.requested()).isFalse();
		assertThat(plan.mayVary()).isTrue();
	}

	@Test
	void triesTheAlternativesInOrderAndStopsAtTheLimit() {
		SlugPlan plan = SlugPlan.of(Events.create(7, AT, "Acme Corp"), 4);
		assertThat(IntStream.range(0, 5).mapToObj(plan::candidate)).map((candidate) -> candidate.orElse("(none)"))
			.containsExactly("acme-corp", "acme-corp-2", "acme-corp-3", "acme-corp-4", "(none)");
	}

	@Test
	void manyServicesLeadingToOneSlugNeverRunOut() {
		SlugPlan plan = SlugPlan.of(Events.create(4711, AT, "Acme Corp"), 20);
		assertThat(IntStream.range(0, 8).mapToObj(plan::candidate)).map((candidate) -> candidate.orElse("(none)"))
			.containsExactly("acme-corp", "acme-corp-2", "acme-corp-3", "acme-corp-4", "acme-corp-5", "acme-corp-4711",
					"acme-corp-4711-2", "acme-corp-4711-3");
	}

	@Test
	void requestedSlugMayVaryUnlessTheProductGeneratesNone() {
		SlugPlan auto = SlugPlan.of(Events.create(7, AT, new Client("Acme", null, null, null),
				new ProductOptions(null, true, "my-archive", null), null), 20);
		assertThat(auto.primary()).isEqualTo("my-archive");
		assertThat(auto.requested()).isTrue();
		assertThat(auto.mayVary()).isTrue();
		SlugPlan fixed = SlugPlan.of(Events.create(7, AT, new Client("Acme", null, null, null),
				new ProductOptions(null, false, "my-archive", null), null), 20);
		assertThat(fixed.mayVary()).isFalse();
	}

	@Test
	void aServiceWithNothingToNameItAfterStillGetsASlug() {
		SlugPlan plan = SlugPlan.of(Events.create(7, AT, null, null, null), 20);
		assertThat(plan.primary()).isEqualTo("client-7");
	}

}
