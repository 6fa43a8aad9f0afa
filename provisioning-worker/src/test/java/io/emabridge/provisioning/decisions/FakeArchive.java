package io.emabridge.provisioning.decisions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.archive.Tenant;
import io.emabridge.provisioning.archive.ArchiveClient;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.ProvisioningFailure;

/** An archive in memory with scripted failures, for the service driver's tests. */
final class FakeArchive implements ArchiveClient {

	/** Slug to tenant; {@code mine} tells our reseller's tenants from others'. */
	final Map<String, FakeTenant> tenants = new LinkedHashMap<>();

	final List<String> calls = new ArrayList<>();

	/** Thrown, one per call, before the call does anything. */
	final Deque<ProvisioningFailure> failures = new ArrayDeque<>();

	/** Slugs the archive refuses as invalid. */
	final Set<String> refused = new HashSet<>();

	/** The next create is applied, but its answer lost. */
	boolean loseNextCreateAnswer;

	/** What {@link #unavailableSince} answers: how long the circuit was open. */
	Duration unavailable = Duration.ZERO;

	/** The archive's clock: when tenants are created. */
	java.util.function.Supplier<Instant> clock = Instant::now;

	/** Runs during each call, e.g. to record a newer event meanwhile. */
	Runnable duringCall = () -> {
	};

	@Override
	public CreateOutcome create(NewTenant tenant) {
		call("create " + tenant.slug());
		if (this.refused.contains(tenant.slug())) {
			return new SlugRefused("The slug is reserved.");
		}
		if (this.tenants.containsKey(tenant.slug())) {
			return new SlugTaken("The slug has already been taken.");
		}
		this.tenants.put(tenant.slug(),
				new FakeTenant(true, Tenant.ACTIVE, tenant.name(), tenant.plan(), this.clock.get()));
		if (this.loseNextCreateAnswer) {
			this.loseNextCreateAnswer = false;
			throw ProvisioningFailure.retriable("connection dropped", null, null);
		}
		return new Created(tenant.slug(), null, Tenant.ACTIVE);
	}

	@Override
	public Optional<Tenant> find(String slug) {
		call("get " + slug);
		FakeTenant tenant = this.tenants.get(slug);
		return (tenant != null && tenant.mine) ? Optional.of(new Tenant(slug, tenant.name, tenant.status, tenant.plan,
				null, (tenant.createdAt != null) ? tenant.createdAt.toString() : null, null)) : Optional.empty();
	}

	@Override
	public void suspend(String slug) {
		call("suspend " + slug);
		mine(slug).status = Tenant.SUSPENDED;
	}

	@Override
	public void unsuspend(String slug) {
		call("unsuspend " + slug);
		mine(slug).status = Tenant.ACTIVE;
	}

	@Override
	public Duration unavailableSince(Instant since) {
		return this.unavailable;
	}

	long creates() {
		return this.calls.stream().filter((c) -> c.startsWith("create ")).count();
	}

	private FakeTenant mine(String slug) {
		FakeTenant tenant = this.tenants.get(slug);
		if (tenant == null || !tenant.mine) {
			throw ProvisioningFailure.permanent(DeadLetterReason.TENANT_NOT_FOUND, "Tenant not found.", null);
		}
		return tenant;
	}

	private void call(String call) {
		this.calls.add(call);
		this.duringCall.run();
		ProvisioningFailure failure = this.failures.poll();
		if (failure != null) {
			throw failure;
		}
	}

	static final class FakeTenant {

		final boolean mine;

		final String name;

		final String plan;

		final Instant createdAt;

		String status;

		FakeTenant(boolean mine, String status, String name) {
			this(mine, status, name, null, Instant.EPOCH);
		}

		FakeTenant(boolean mine, String status, String name, String plan, Instant createdAt) {
			this.mine = mine;
			this.status = status;
			this.name = name;
			this.plan = plan;
			this.createdAt = createdAt;
		}

	}

}
