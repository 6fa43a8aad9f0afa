package io.emabridge.provisioning.drift;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceTerminated;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.drift.DriftReport.FixResult;
import io.emabridge.support.jdbc.AdvisoryLock;

/**
 * One reconciliation: reads the three views, names the drift and, when asked, corrects
 * what it may through the normal path (a lifecycle event, WHMCS's own module Create, or
 * the applier's WHMCS write-back), never by deleting anything. One run at a time: per
 * instance a lock, across instances a PostgreSQL advisory lock, so two instances never
 * both fix.
 */
public class DriftReconciler {

	private static final Logger log = LoggerFactory.getLogger(DriftReconciler.class);

	private final ViewReader views;

	private final LedgerReader ledger;

	private final CorrectionPublisher publisher;

	private final WhmcsApiClient whmcs;

	private final AdvisoryLock lock;

	private final DriftMetrics metrics;

	private final int maxFixes;

	private final Clock clock;

	private final ReentrantLock running = new ReentrantLock();

	private final AtomicReference<DriftReport> last = new AtomicReference<>();

	DriftReconciler(ViewReader views, LedgerReader ledger, CorrectionPublisher publisher, WhmcsApiClient whmcs,
			AdvisoryLock lock, DriftMetrics metrics, int maxFixes, Clock clock) {
		this.views = views;
		this.ledger = ledger;
		this.publisher = publisher;
		this.whmcs = whmcs;
		this.lock = lock;
		this.metrics = metrics;
		this.maxFixes = maxFixes;
		this.clock = clock;
	}

	/** Runs once; empty when a run is already under way here or on another instance. */
	public Optional<DriftReport> run(boolean fix) {
		if (!this.running.tryLock()) {
			this.metrics.skipped();
			return Optional.empty();
		}
		try {
			Instant started = now();
			Optional<AdvisoryLock.Held> held;
			try {
				held = this.lock.tryAcquire();
			}
			catch (RuntimeException ex) {
				return Optional.of(completed(DriftReport.failed(started, now(), fix, ex.getMessage())));
			}
			if (held.isEmpty()) {
				log.info("Another instance is reconciling; this run is skipped");
				this.metrics.skipped();
				return Optional.empty();
			}
			try (AdvisoryLock.Held lease = held.get()) {
				return Optional.of(completed(reconcile(started, fix)));
			}
		}
		finally {
			this.running.unlock();
		}
	}

	/** The report of the last completed run on this instance. */
	public Optional<DriftReport> last() {
		return Optional.ofNullable(this.last.get());
	}

	private DriftReport completed(DriftReport report) {
		this.last.set(report);
		this.metrics.completed(report);
		if (report.outcome() == DriftReport.Outcome.FAILED) {
			log.warn("Reconciliation failed: {}", report.error());
		}
		else {
			log.info("Reconciliation {}: {} services, {} tenants, {} in progress, drift {}, {} fix(es)",
					report.outcome().value(), report.services(), report.tenants(), report.inProgress().size(),
					report.counts(), report.fixes().size());
		}
		return report;
	}

	private DriftReport reconcile(Instant started, boolean fix) {
		try {
			// WHMCS first, the archive last: a WHMCS action taken before the WHMCS read
			// has reached the ledger by the
			// ledger read (work pending: in progress) unless its event is still in Kafka,
			// and the applier's work
			// recorded in the ledger read is at the archive by the archive read
			List<WhmcsServiceView> services = this.views.whmcsServices();
			List<LedgerServiceView> rows = this.ledger.services();
			List<Tenant> tenants = this.views.tenants();
			DriftFinder.Findings findings = recheck(DriftFinder.find(services, rows, tenants));
			Map<Long, WhmcsServiceView> byId = new HashMap<>();
			services.forEach((service) -> byId.put(service.serviceId(), service));
			List<FixResult> fixes = fix ? fix(findings.drifts(), byId) : List.of();
			return DriftReport.of(started, now(), fix, findings, fixes);
		}
		catch (RuntimeException ex) {
			return DriftReport.failed(started, now(), fix, String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * Services the applier took up while the views were read are in progress after all.
	 */
	private DriftFinder.Findings recheck(DriftFinder.Findings findings) {
		List<Drift> drifts = new ArrayList<>();
		List<Long> inProgress = new ArrayList<>(findings.inProgress());
		for (Drift drift : findings.drifts()) {
			if (drift.serviceId() != null && this.ledger.service(drift.serviceId())
				.filter((row) -> LedgerServiceView.PENDING.equals(row.work()))
				.isPresent()) {
				if (!inProgress.contains(drift.serviceId())) {
					inProgress.add(drift.serviceId());
				}
				continue;
			}
			drifts.add(drift);
		}
		return new DriftFinder.Findings(List.copyOf(drifts), findings.services(), findings.tenants(),
				List.copyOf(inProgress));
	}

	private List<FixResult> fix(List<Drift> drifts, Map<Long, WhmcsServiceView> services) {
		List<FixResult> results = new ArrayList<>();
		int budget = this.maxFixes;
		for (Drift drift : drifts) {
			if (!drift.fixable()) {
				continue;
			}
			if (budget == 0) {
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.SKIPPED,
						"over ema.reconcile.max-fixes (" + this.maxFixes + ") for one run"));
				continue;
			}
			budget--;
			try {
				String detail = apply(drift, services.get(drift.serviceId()));
				log.info("Drift {} of service {}: {}", drift.kind().value(), drift.serviceId(), detail);
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.APPLIED, detail));
				this.metrics.fix(drift.kind(), true);
			}
			catch (RuntimeException ex) {
				log.warn("Drift {} of service {} not fixed: {}", drift.kind().value(), drift.serviceId(),
						ex.toString());
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.FAILED,
						String.valueOf(ex.getMessage())));
				this.metrics.fix(drift.kind(), false);
			}
		}
		return results;
	}

	private String apply(Drift drift, WhmcsServiceView service) {
		long id = drift.serviceId();
		Instant at = now().truncatedTo(ChronoUnit.MICROS);
		switch (drift.remedy()) {
			case PUBLISH_STATUS -> {
				LifecycleEvent event = statusEvent(WhmcsStatus.of(service.status()).correction(), service, at);
				this.publisher.publish(event);
				return "published " + event.type() + " " + event.eventId();
			}
			case REPUBLISH_CREATE -> {
				byte[] payload = this.ledger.createPayload(id)
					.orElseThrow(() -> new IllegalStateException("the ledger has no create event any more"));
				ServiceCreated stored = (ServiceCreated) LifecycleEventJson.read(payload);
				ServiceCreated create = new ServiceCreated(UUID.randomUUID(), at, id, stored.clientId(),
						stored.productId(), stored.serverId(), stored.domain(), stored.client(), stored.options());
				this.publisher.publish(create);
				String detail = "published " + create.type() + " " + create.eventId() + " from stored "
						+ stored.eventId();
				EventType then = WhmcsStatus.of(service.status()).correction();
				if (then != EventType.UNSUSPEND) {
					// one microsecond later, so that it is the newest and the tenant ends
					// where WHMCS has it
					LifecycleEvent status = statusEvent(then, service, at.plus(1, ChronoUnit.MICROS));
					this.publisher.publish(status);
					detail += ", then " + status.type() + " " + status.eventId();
				}
				return detail;
			}
			case MODULE_CREATE -> {
				this.whmcs.moduleCreate(id);
				return "asked WHMCS to run the module's Create";
			}
			case REARM_WRITE_BACK -> {
				if (!this.ledger.rearmWriteBack(id, now())) {
					throw new IllegalStateException("the ledger has no tenant for the service any more");
				}
				return "WHMCS write-back of slug '" + drift.slug() + "' due again";
			}
			default -> throw new IllegalStateException("nothing to do for " + drift.remedy());
		}
	}

	static LifecycleEvent statusEvent(EventType type, WhmcsServiceView service, Instant at) {
		UUID id = UUID.randomUUID();
		Long client = (service.clientId() > 0) ? service.clientId() : null;
		Long product = (service.productId() > 0) ? service.productId() : null;
		return switch (type) {
			case SUSPEND -> new ServiceSuspended(id, at, service.serviceId(), client, product, null,
					"Drift reconciliation: the WHMCS status is " + service.status());
			case UNSUSPEND -> new ServiceUnsuspended(id, at, service.serviceId(), client, product, null);
			case TERMINATE -> new ServiceTerminated(id, at, service.serviceId(), client, product, null);
			case CREATE -> throw new IllegalArgumentException("a create is never made up: it comes from WHMCS");
		};
	}

	private Instant now() {
		return this.clock.instant();
	}

}
